import { describe, expect, it } from 'vitest';
import type { AlertReport } from '../../types.js';
import { type ChainFacts, notUpgradedReason } from './verify.js';

const alert = (kind: string, chain: string | null, message: string): AlertReport => ({ kind, chain, at: 100, message });
const upgradeRound = { label: 'upgrade', kind: 'upgrade' as const, dispatchedAt: 10, cancelled: false };

/** polygon, targeted by one dispatched upgrade, delivered and executed unless `patch` says otherwise. */
function facts(patch: Partial<ChainFacts>): ChainFacts {
  return {
    chain: 'polygon',
    upgraded: false,
    rounds: [upgradeRound],
    cancelled: false,
    dropped: false,
    queued: true,
    executed: false,
    alerts: [],
    faults: [],
    onHaltedChain: 'proceed',
    ...patch,
  };
}

describe('notUpgradedReason', () => {
  it('is null for a chain whose implementation changed', () => {
    expect(notUpgradedReason(facts({ upgraded: true, executed: true }))).toBeNull();
  });

  it('names each way a chain stays on its old code', () => {
    expect(notUpgradedReason(facts({ rounds: [] }))).toBe('not targeted by the proposal');
    expect(
      notUpgradedReason(
        facts({
          cancelled: true,
          alerts: [alert('codehash-mismatch', 'polygon', 'polygon: the code changed after approval')],
        }),
      ),
    ).toBe(
      'the chain guardian cancelled its message before it could execute (codehash-mismatch: polygon: the code changed after approval)',
    );
    expect(
      notUpgradedReason(
        facts({
          queued: false,
          dropped: true,
          alerts: [alert('message-not-acknowledged', 'polygon', 'no acknowledgement')],
        }),
      ),
    ).toBe('its message was never delivered: the bridge dropped it (message-not-acknowledged: no acknowledgement)');
    expect(
      notUpgradedReason(facts({ queued: false, alerts: [alert('bridge-quorum-lost', null, 'fewer than 8 sign')] })),
    ).toBe(
      'its message was never delivered: the guardian bridge lost its quorum (bridge-quorum-lost: fewer than 8 sign)',
    );
    expect(
      notUpgradedReason(
        facts({ alerts: [alert('message-expired', 'polygon', 'arrived after its expiry: re-propose')] }),
      ),
    ).toBe('its message expired before it could execute (message-expired: arrived after its expiry: re-propose)');
    expect(
      notUpgradedReason(
        facts({
          faults: [{ kind: 'halt-chain', target: 'polygon', injectedAt: 5, clearedAt: null, detail: '' }],
          alerts: [alert('chain-halted', 'polygon', 'no block since +00:00:05')],
        }),
      ),
    ).toBe(
      'its message was queued but never executed: polygon was halted until the end of the drill (chain-halted: no block since +00:00:05)',
    );
    expect(
      notUpgradedReason(
        facts({
          chain: 'arbitrum',
          onHaltedChain: 'hold',
          faults: [{ kind: 'halt-chain', target: 'polygon', injectedAt: 5, clearedAt: null, detail: '' }],
          alerts: [alert('upgrade-held', null, 'polygon cannot switch yet')],
        }),
      ),
    ).toBe(
      'held on its old code by the hold policy (response.onHaltedChain) (upgrade-held: polygon cannot switch yet)',
    );
    expect(
      notUpgradedReason(
        facts({
          chain: 'arbitrum',
          onHaltedChain: 'hold',
          expiredAt: 7 * 3600 + 31 * 60,
          alerts: [alert('upgrade-held', null, 'optimism cannot switch yet')],
        }),
      ),
    ).toBe(
      'held on its old code by the hold policy (response.onHaltedChain) until its message expired at +07:31:00: re-propose the upgrade (upgrade-held: optimism cannot switch yet)',
    );
    expect(notUpgradedReason(facts({ alerts: [alert('execution-reverted', 'polygon', 'out of gas')] }))).toBe(
      'its execution reverted and was not retried in time (execution-reverted: out of gas)',
    );
    expect(
      notUpgradedReason(
        facts({
          rounds: [{ label: 'wave 2', kind: 'wave', dispatchedAt: null, cancelled: true }],
          queued: false,
          alerts: [alert('rollout-stopped', 'arbitrum', 'the rollout stopped after arbitrum failed its health check')],
        }),
      ),
    ).toBe(
      'its proposal (wave 2) was never dispatched: the council cancelled it (rollout-stopped: the rollout stopped after arbitrum failed its health check)',
    );
    expect(
      notUpgradedReason(
        facts({
          rounds: [upgradeRound, { label: 'rollback', kind: 'rollback', dispatchedAt: 500, cancelled: false }],
          executed: true,
          alerts: [alert('health-check-failed', 'polygon', 'withdraw reverts')],
        }),
      ),
    ).toBe(
      'rolled back to its previous implementation by the rollback after a failed health check (health-check-failed: withdraw reverts)',
    );
    expect(notUpgradedReason(facts({}))).toBe('its message was queued but never executed');
  });
});
