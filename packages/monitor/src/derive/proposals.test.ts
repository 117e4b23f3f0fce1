import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../model.js';
import type { StoredEvent } from '../store/types.js';
import { deriveProposals } from './proposals.js';
import {
  ARBITRUM,
  CHAINS,
  CODEHASH,
  canaryMessage,
  HUB,
  IMPLEMENTATION,
  MEMBERS,
  PROXY,
  stored,
  upgradeMessage,
} from './test-events.js';

const PROPOSAL = `0x${'11'.repeat(32)}` as Hex;
const EXPIRES = 5000;
const ACTIVATION = 3000;
/** Every stage but the two that end a proposal without running it, in order. */
const FULL_PATH = STAGES.filter((stage) => stage !== 'cancelled' && stage !== 'expired');

function council(): StoredEvent[] {
  return [
    stored(HUB, 1, 'MembersRotated', {
      membersVersion: 1,
      members: MEMBERS,
      termEnds: MEMBERS.map(() => 10_000_000),
      threshold: 6,
      emergencyThreshold: 3,
    }),
  ];
}

/** `ProposalCreated` of a proposal of `kind` (the council's enum value) by member 1, under member set 1. */
function created(proposalId: Hex, kind: number, block: number): StoredEvent {
  return stored(HUB, block, 'ProposalCreated', {
    proposalId,
    kind,
    proposer: MEMBERS[0] ?? '',
    membersVersion: 1,
    expiresAt: EXPIRES,
  });
}

function proposed(): StoredEvent[] {
  const action = (chainId: number) => ({
    chainId: String(chainId),
    proxy: PROXY,
    previousImplementation: PROXY,
    implementation: IMPLEMENTATION,
    codehash: CODEHASH,
    data: '0x',
  });
  return [
    created(PROPOSAL, 1, 10),
    stored(HUB, 10, 'UpgradeProposed', {
      proposalId: PROPOSAL,
      actions: [action(HUB), action(ARBITRUM)],
      auditReportHash: CODEHASH,
      auditReportUri: 'ipfs://a',
    }),
  ];
}

function approvals(count: number): StoredEvent[] {
  return Array.from({ length: count }, (_, i) =>
    stored(HUB, 20 + i, 'ProposalApproved', { proposalId: PROPOSAL, member: MEMBERS[i] ?? '', approvalCount: i + 1 }),
  );
}

function dispatchedAndDelivered() {
  const toHub = upgradeMessage(PROPOSAL, HUB, ACTIVATION);
  const toArbitrum = upgradeMessage(PROPOSAL, ARBITRUM, ACTIVATION);
  const dispatch = (m: { id: Hex; encoded: Hex }, chainId: number) =>
    stored(HUB, 100, 'MessageDispatched', {
      messageId: m.id,
      dstChainId: String(chainId),
      nonce: '1',
      message: m.encoded,
    });
  const queued = (m: { id: Hex }, chainId: number, block: number) =>
    stored(chainId, block, 'UpgradeQueued', {
      messageId: m.id,
      proposalId: PROPOSAL,
      executableAt: ACTIVATION,
      expiresAt: ACTIVATION + 1000,
    });
  return [
    stored(HUB, 40, 'ProposalScheduled', { proposalId: PROPOSAL, operationId: `0x${'22'.repeat(32)}`, delay: '400' }),
    dispatch(toHub, HUB),
    dispatch(toArbitrum, ARBITRUM),
    stored(HUB, 100, 'UpgradeDispatched', { proposalId: PROPOSAL, activationTime: ACTIVATION, chainCount: '2' }),
    queued(toHub, HUB, 110),
    // The receiver logs the queueing before the adapter logs the forward, in one transaction.
    queued(toArbitrum, ARBITRUM, 120),
    stored(ARBITRUM, 120, 'MessageForwarded', { messageId: toArbitrum.id, srcChainId: String(HUB), receiver: PROXY }),
    stored(ARBITRUM, 310, 'UpgradeExecuted', {
      messageId: toArbitrum.id,
      proxy: PROXY,
      implementation: IMPLEMENTATION,
      codehash: CODEHASH,
    }),
  ];
}

const stagesOf = (events: StoredEvent[], clocks: Record<number, number>, now = 0) =>
  deriveProposals({ events, chains: CHAINS, clocks, now })[0]?.chains.map((c) => [c.chain, c.stage]);

describe('deriveProposals', () => {
  it('counts council participation against the snapshot’s threshold and size', () => {
    const [proposal] = deriveProposals({
      events: [...council(), ...proposed(), ...approvals(5)],
      chains: CHAINS,
      now: 0,
    });
    expect(proposal).toMatchObject({
      id: PROPOSAL,
      kind: 'upgrade',
      hub: 'ethereum',
      approvals: 5,
      threshold: 6,
      councilSize: 9,
    });
    expect(proposal?.chains.map((c) => [c.chain, c.stage, c.proxy, c.approvedCodehash])).toEqual([
      ['ethereum', 'proposed', PROXY, CODEHASH],
      ['arbitrum', 'proposed', PROXY, CODEHASH],
    ]);
  });

  it('reaches approved at the approval that meets the threshold, then in-timelock with readyAt', () => {
    const events = [...council(), ...proposed(), ...approvals(6), ...dispatchedAndDelivered().slice(0, 1)];
    const [proposal] = deriveProposals({ events, chains: CHAINS, now: 0 });
    expect(proposal?.readyAt).toBe(400 + 400);
    const history = proposal?.chains[1]?.history.map((e) => [e.stage, e.at, e.chain]);
    expect(history).toEqual([
      ['proposed', 100, 'ethereum'],
      ['approved', 250, 'ethereum'],
      ['in-timelock', 400, 'ethereum'],
    ]);
  });

  it('follows each chain on its own: executed on one, queued then executable then expired on the other by its clock', () => {
    const events = [...council(), ...proposed(), ...approvals(6), ...dispatchedAndDelivered()];
    expect(stagesOf(events, { [HUB]: 2000, [ARBITRUM]: 3200 })).toEqual([
      ['ethereum', 'queued'],
      ['arbitrum', 'executed'],
    ]);
    expect(stagesOf(events, { [HUB]: ACTIVATION })).toEqual([
      ['ethereum', 'executable'],
      ['arbitrum', 'executed'],
    ]);
    expect(stagesOf(events, { [HUB]: ACTIVATION + 1000 })).toEqual([
      ['ethereum', 'expired'],
      ['arbitrum', 'executed'],
    ]);
    const [proposal] = deriveProposals({ events, chains: CHAINS, clocks: { [ARBITRUM]: 3200 }, now: 0 });
    expect(proposal?.activationTime).toBe(ACTIVATION);
    const arbitrum = proposal?.chains[1];
    expect(arbitrum?.history.map((e) => e.stage)).toEqual(FULL_PATH);
    expect(arbitrum?.attestations).toBe(1);
    expect(arbitrum?.messageId).toBe(upgradeMessage(PROPOSAL, ARBITRUM, ACTIVATION).id);
  });

  it('expires a proposal not dispatched by its expiry, on the hub’s clock', () => {
    const events = [...council(), ...proposed(), ...approvals(3)];
    expect(stagesOf(events, { [HUB]: EXPIRES - 1 })).toEqual([
      ['ethereum', 'proposed'],
      ['arbitrum', 'proposed'],
    ]);
    expect(stagesOf(events, { [HUB]: EXPIRES })).toEqual([
      ['ethereum', 'expired'],
      ['arbitrum', 'expired'],
    ]);
  });

  it('cancels every chain of a vetoed proposal and executes the cancel proposal', () => {
    const cancelId = `0x${'33'.repeat(32)}` as Hex;
    const events = [
      ...council(),
      ...proposed(),
      ...approvals(6),
      created(cancelId, 4, 50),
      stored(HUB, 50, 'CancelProposed', { cancelId, proposalId: PROPOSAL }),
      ...[1, 2, 3].map((n) =>
        stored(HUB, 50 + n, 'ProposalApproved', { proposalId: cancelId, member: MEMBERS[n] ?? '', approvalCount: n }),
      ),
      stored(HUB, 60, 'ProposalCancelled', { proposalId: PROPOSAL, cancelId, wasScheduled: false }),
    ];
    const proposals = deriveProposals({ events, chains: CHAINS, now: 0 });
    expect(proposals.map((p) => [p.kind, p.threshold, p.chains.map((c) => c.stage)])).toEqual([
      ['upgrade', 6, ['cancelled', 'cancelled']],
      ['cancel', 3, ['executed']],
    ]);
  });
});

describe('deriveProposals with canaries', () => {
  it('never shows a canary as a proposal, nor lets its delivery touch a proposal’s stages', () => {
    const canary = canaryMessage(`0x${'cc'.repeat(32)}`, ARBITRUM, 1000);
    const canaryEvents = [
      stored(HUB, 105, 'MessageDispatched', {
        messageId: canary.id,
        dstChainId: String(ARBITRUM),
        nonce: '7',
        message: canary.encoded,
      }),
      stored(ARBITRUM, 115, 'MessageForwarded', { messageId: canary.id, srcChainId: String(HUB), receiver: PROXY }),
      stored(ARBITRUM, 115, 'CanaryReceived', { messageId: canary.id, canaryId: `0x${'cc'.repeat(32)}`, sentAt: 1000 }),
    ];
    expect(deriveProposals({ events: [...council(), ...canaryEvents], chains: CHAINS, now: 0 })).toEqual([]);

    const upgrade = [...council(), ...proposed(), ...approvals(6), ...dispatchedAndDelivered()];
    const clocks = { [HUB]: 2000, [ARBITRUM]: 3500 };
    const withCanary = deriveProposals({ events: [...upgrade, ...canaryEvents], chains: CHAINS, clocks, now: 0 });
    expect(withCanary).toEqual(deriveProposals({ events: upgrade, chains: CHAINS, clocks, now: 0 }));
    expect(withCanary).toHaveLength(1);
  });
});
