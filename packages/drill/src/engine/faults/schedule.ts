/**
 * The fault schedule one drill keeps, and the named hooks through which an injected fault changes
 * what a phase does. A phase asks the schedule (`messageLost`, `beforeRelay`, ...); each fault kind
 * answers for its own faults from state it keeps itself (see its `effect.ts`), so no phase reads or
 * clears a fault's flag.
 */
import type { Fault, FaultKind, FlowEvent } from '../../types.js';
import type { ChainState, Round } from '../chain-state.js';

/** What a fault does to the keeper's execution on a chain: it is sent with `gas` and fails with `reason`. */
export type ExecutionTakeover = { gas: bigint; reason: string };

/** The hooks the phases call; a fault kind implements those it needs. */
export type FaultHooks = {
  /** Relay: the bridge lost this chain's message (no delivery until the missing acknowledgement has it re-sent). */
  losesMessage?(state: ChainState): boolean;
  /** Relay and execute: the bridge holds this chain's message back for now (it is delivered late). */
  holdsMessage?(state: ChainState): boolean;
  /** Relay: the hub still has no acknowledgement from this chain past the timeout (its alert was just raised). */
  onUnacknowledged?(state: ChainState): void;
  /** Relay: before each relayer pass over the reachable chains (the fault may deliver first its own way). */
  beforeRelay?(round: Round, reachable: readonly ChainState[]): Promise<void>;
  /** Execute: takes over the keeper's next execution on this chain, or leaves it (undefined). */
  beforeExecute?(state: ChainState): ExecutionTakeover | undefined;
  /** Execute: the round goes on although every chain is done (the fault still has transactions to land). */
  keepsRoundOpen?(): boolean;
};

/** One fault kind at work in a drill: it injects each fault of its kind and answers the hooks for them. */
export type ActiveFaultKind = FaultHooks & { inject(fault: Fault): Promise<void> };

/** Faults waiting for their time, clearances due, what the flow has seen so far, and the kinds at work. */
export type FaultSchedule = {
  pending: { fault: Fault; at: number }[];
  clearAt: { at: number; clear: () => Promise<void> }[];
  /** Flow events seen so far: a fault triggers on its event's first occurrence (the first wave's). */
  seen: Set<FlowEvent>;
  /** The kinds injected so far, in the order of their first injection. */
  active: Map<FaultKind, ActiveFaultKind>;
};

export function createFaultSchedule(): FaultSchedule {
  return { pending: [], clearAt: [], seen: new Set(), active: new Map() };
}

function hooks(faults: FaultSchedule): ActiveFaultKind[] {
  return [...faults.active.values()];
}

/** Whether a fault lost this chain's message. */
export function messageLost(faults: FaultSchedule, state: ChainState): boolean {
  return hooks(faults).some((kind) => kind.losesMessage?.(state) === true);
}

/** Whether a fault holds this chain's message back for now. */
export function messageHeld(faults: FaultSchedule, state: ChainState): boolean {
  return hooks(faults).some((kind) => kind.holdsMessage?.(state) === true);
}

/** Tells the faults that this chain's message is still unacknowledged past the timeout. */
export function unacknowledged(faults: FaultSchedule, state: ChainState): void {
  for (const kind of hooks(faults)) kind.onUnacknowledged?.(state);
}

/** Lets the faults act before a relayer pass. */
export async function beforeRelay(
  faults: FaultSchedule,
  round: Round,
  reachable: readonly ChainState[],
): Promise<void> {
  for (const kind of hooks(faults)) await kind.beforeRelay?.(round, reachable);
}

/** The first fault that takes over the keeper's next execution on this chain, if any. */
export function executionTakeover(faults: FaultSchedule, state: ChainState): ExecutionTakeover | undefined {
  for (const kind of hooks(faults)) {
    const takeover = kind.beforeExecute?.(state);
    if (takeover) return takeover;
  }
  return undefined;
}

/** Whether a fault keeps the round going although every chain is done. */
export function roundKeptOpen(faults: FaultSchedule): boolean {
  return hooks(faults).some((kind) => kind.keepsRoundOpen?.() === true);
}
