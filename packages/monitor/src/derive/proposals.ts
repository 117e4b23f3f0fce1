/**
 * Stage derivation: stored events → every proposal with its stage on each target chain. A pure
 * function of the events and the chains' clocks, so a restarted monitor derives the same proposals
 * from its store. Hub events (council, timelock, hub) create proposals and carry them to `dispatched`;
 * each destination's events (adapters, receiver) carry one message further (see `deliveries.ts`);
 * `executable` and `expired` follow from the clocks.
 */
import { decodeDispatchedMessage } from '@lockstep/core/council';
import type { Hex } from 'viem';
import type { Proposal, ProposalOnChain, StageEntry } from '../model.js';
import type { StoredEvent } from '../store/types.js';
import { boolArg, hexArg, listArg, numberArg, record } from './args.js';
import { type CouncilSet, councilSets } from './council-sets.js';
import {
  applyClocks,
  applyDestinationEvent,
  type DeliveryOnChain,
  type MessageIndex,
  publicView,
} from './deliveries.js';
import { entryOf, isFinal, reach } from './history.js';

/** `ISecurityCouncil.ProposalKind`, by enum value. */
const KINDS = [undefined, 'upgrade', 'rotation', 'emergency', 'cancel', 'config'] as const;

export type DeriveChain = { name: string; chainId: number; role: 'hub' | 'satellite' };

export type DeriveProposalsParameters = {
  events: readonly StoredEvent[];
  chains: readonly DeriveChain[];
  /** Each chain's clock (its head's timestamp), by chain id; chains without one use `now`. */
  clocks?: Readonly<Record<number, number>>;
  /** The monitor's clock (unix seconds). */
  now: number;
};

/** Internal: a proposal being derived, with what later events need. */
export type Draft = {
  proposal: Proposal;
  expiresAt: number;
  membersVersion: number;
  /** Until the content event names the chains, hub stages collect here and are copied to each chain. */
  hubHistory: StageEntry[];
  operationId?: Hex;
  pause?: boolean;
  byChain: Map<number, DeliveryOnChain>;
};

/** Every proposal the events show, oldest first. */
export function deriveProposals(parameters: DeriveProposalsParameters): Proposal[] {
  const { events, chains } = parameters;
  const hub = chains.find((c) => c.role === 'hub');
  if (!hub) throw new RangeError('deriveProposals needs the hub among the chains');
  const nameOf = (chainId: number) => chains.find((c) => c.chainId === chainId)?.name ?? `chain-${chainId}`;
  const sets = councilSets(events);
  const drafts = new Map<Hex, Draft>();
  const messages: MessageIndex = new Map();
  const margins = new Map<number, number>();
  const hubEvents = events.filter((e) => e.chainId === hub.chainId);
  const context = { hub, nameOf, sets, drafts, messages, margins };
  for (const event of hubEvents) applyHubEvent(context, event);
  // Destinations after the hub: their events name messages the hub dispatched.
  for (const event of hubEvents) applyDestinationEvent(messages, nameOf, event);
  for (const event of events) if (event.chainId !== hub.chainId) applyDestinationEvent(messages, nameOf, event);
  const clockOf = (chainId: number) => parameters.clocks?.[chainId] ?? parameters.now;
  return [...drafts.values()].map((draft) => finish(draft, hub, clockOf, margins));
}

type HubContext = {
  hub: DeriveChain;
  nameOf: (chainId: number) => string;
  sets: Map<number, CouncilSet>;
  drafts: Map<Hex, Draft>;
  messages: MessageIndex;
  margins: Map<number, number>;
};

function applyHubEvent(context: HubContext, event: StoredEvent): void {
  const { drafts, hub } = context;
  const draftOf = (name: string) => drafts.get(hexArg(event, name));
  switch (event.name) {
    case 'ProposalCreated':
      created(context, event);
      return;
    case 'UpgradeProposed': {
      const draft = draftOf('proposalId');
      for (const item of listArg(event, 'actions')) {
        const action = record(item, 'UpgradeProposed.actions[]');
        const onChain = chainOf(context, draft, Number(action.chainId));
        if (!onChain) continue;
        onChain.proxy = action.proxy as ProposalOnChain['proxy'];
        onChain.implementation = action.implementation as ProposalOnChain['implementation'];
        onChain.approvedCodehash = String(action.codehash).toLowerCase() as Hex;
      }
      return;
    }
    case 'EmergencyProposed': {
      const draft = draftOf('actionId');
      if (!draft) return;
      draft.pause = boolArg(event, 'pause');
      draft.proposal.threshold = thresholdOf(context.sets, draft, 'emergency');
      for (const item of listArg(event, 'targets')) chainOf(context, draft, Number(record(item, 'target').chainId));
      return;
    }
    case 'CancelProposed':
    case 'RotationProposed':
    case 'ConfigProposed':
      chainOf(context, draftOf(event.name === 'CancelProposed' ? 'cancelId' : 'proposalId'), hub.chainId);
      return;
    case 'ProposalApproved': {
      const draft = draftOf('proposalId');
      if (!draft) return;
      draft.proposal.approvals = numberArg(event, 'approvalCount');
      if (draft.proposal.threshold > 0 && draft.proposal.approvals >= draft.proposal.threshold) {
        reachAll(draft, entryOf('approved', hub.name, event));
      }
      return;
    }
    case 'ProposalScheduled': {
      const draft = draftOf('proposalId');
      if (!draft) return;
      draft.operationId = hexArg(event, 'operationId');
      draft.proposal.readyAt = event.timestamp + numberArg(event, 'delay');
      reachAll(draft, entryOf('in-timelock', hub.name, event));
      return;
    }
    case 'CallExecuted': {
      const id = hexArg(event, 'id');
      const draft = [...drafts.values()].find((d) => d.operationId === id);
      // Upgrades go on to their messages; a rotation or configuration is done when its call ran.
      if (draft && (draft.proposal.kind === 'rotation' || draft.proposal.kind === 'config')) {
        reachAll(draft, entryOf('executed', hub.name, event));
      }
      return;
    }
    case 'UpgradeDispatched': {
      const draft = draftOf('proposalId');
      if (draft) draft.proposal.activationTime = numberArg(event, 'activationTime');
      return;
    }
    case 'MessageDispatched':
      dispatched(context, event);
      return;
    case 'ProposalCancelled': {
      const target = draftOf('proposalId');
      if (target)
        for (const onChain of target.byChain.values())
          if (!isFinal(onChain)) reach(onChain, entryOf('cancelled', hub.name, event));
      const cancel = draftOf('cancelId');
      if (cancel) reachAll(cancel, entryOf('executed', hub.name, event));
      return;
    }
    case 'ChainConfigured':
      context.margins.set(
        numberArg(event, 'chainId'),
        Number(record(event.args.config ?? null, 'config').deliveryMargin),
      );
      return;
  }
}

function created(context: HubContext, event: StoredEvent): void {
  const id = hexArg(event, 'proposalId');
  const kind = KINDS[numberArg(event, 'kind')];
  if (!kind) return;
  const membersVersion = numberArg(event, 'membersVersion');
  const draft: Draft = {
    proposal: {
      id,
      kind,
      hub: context.hub.name,
      proposedAt: event.timestamp,
      approvals: 0,
      threshold: 0,
      councilSize: context.sets.get(membersVersion)?.members.length ?? 0,
      chains: [],
    },
    expiresAt: numberArg(event, 'expiresAt'),
    membersVersion,
    hubHistory: [entryOf('proposed', context.hub.name, event)],
    byChain: new Map(),
  };
  draft.proposal.threshold = thresholdOf(context.sets, draft, kind === 'cancel' ? 'emergency' : 'normal');
  context.drafts.set(id, draft);
}

/** The approvals a proposal needs: its snapshot's emergency threshold for a pause or cancel, else the threshold. */
function thresholdOf(sets: Map<number, CouncilSet>, draft: Draft, path: 'normal' | 'emergency'): number {
  const set = sets.get(draft.membersVersion);
  if (!set) return 0;
  const fast = path === 'emergency' && (draft.proposal.kind === 'cancel' || draft.pause !== false);
  return fast ? set.emergencyThreshold : set.threshold;
}

/** The proposal's entry for a chain, created with the hub's history so far. */
function chainOf(context: HubContext, draft: Draft | undefined, chainId: number): DeliveryOnChain | undefined {
  if (!draft) return undefined;
  const existing = draft.byChain.get(chainId);
  if (existing) return existing;
  const first = draft.hubHistory[0];
  const onChain: DeliveryOnChain = {
    chain: context.nameOf(chainId),
    chainId,
    stage: 'proposed',
    stageSince: first?.at ?? draft.proposal.proposedAt,
    history: [],
  };
  for (const entry of draft.hubHistory) reach(onChain, entry);
  draft.byChain.set(chainId, onChain);
  return onChain;
}

function reachAll(draft: Draft, entry: StageEntry): void {
  draft.hubHistory.push(entry);
  for (const onChain of draft.byChain.values()) if (!isFinal(onChain)) reach(onChain, entry);
}

function dispatched(context: HubContext, event: StoredEvent): void {
  const messageId = hexArg(event, 'messageId');
  let message: ReturnType<typeof decodeDispatchedMessage>;
  try {
    message = decodeDispatchedMessage(messageId, hexArg(event, 'message'));
  } catch {
    return; // not a Lockstep message: nothing to follow
  }
  const id = (message.proposalId ?? message.actionId)?.toLowerCase() as Hex | undefined;
  const draft = id ? context.drafts.get(id) : undefined;
  const onChain = chainOf(context, draft, message.chainId);
  if (!draft || !onChain) return;
  onChain.messageId = messageId;
  reach(onChain, entryOf('dispatched', context.hub.name, event));
  context.messages.set(messageId, { onChain, chainId: message.chainId });
  if (message.activationTime !== undefined) draft.proposal.activationTime = message.activationTime;
}

function finish(
  draft: Draft,
  hub: DeriveChain,
  clockOf: (chainId: number) => number,
  margins: Map<number, number>,
): Proposal {
  const chains = [...draft.byChain.values()];
  for (const onChain of chains) {
    applyClocks(onChain, clockOf(onChain.chainId));
    // Not dispatched by its expiry: the council can no longer approve or schedule it, the hub refuses it.
    const hubClock = clockOf(hub.chainId);
    if (['proposed', 'approved', 'in-timelock'].includes(onChain.stage) && hubClock >= draft.expiresAt) {
      reach(onChain, { stage: 'expired', at: draft.expiresAt, chain: hub.name });
    }
  }
  const chainMargins = chains.map((c) => margins.get(c.chainId)).filter((m): m is number => m !== undefined);
  return {
    ...draft.proposal,
    ...(chainMargins.length > 0 ? { deliveryMargin: Math.min(...chainMargins) } : {}),
    chains: chains.sort((a, b) => a.chainId - b.chainId).map(publicView),
  };
}
