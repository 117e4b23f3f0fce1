/**
 * A proposal's history on one chain: stages are added as the evidence arrives (in any order within a
 * transaction) and kept oldest first; the current stage is the furthest one reached.
 */
import type { Hex } from 'viem';
import { type ProposalOnChain, STAGES, type Stage, type StageEntry } from '../model.js';
import type { StoredEvent } from '../store/types.js';

const order = (stage: Stage) => STAGES.indexOf(stage);

/** Where a stage came from: an event (its block and transaction) or a time on a chain's clock. */
export function entryOf(stage: Stage, chain: string, event: StoredEvent): StageEntry {
  return { stage, at: event.timestamp, chain, blockNumber: event.blockNumber, txHash: event.txHash as Hex };
}

/** Adds `entry` unless the stage was reached before; the current stage becomes the furthest reached. */
export function reach(onChain: ProposalOnChain, entry: StageEntry): void {
  if (onChain.history.some((e) => e.stage === entry.stage)) return;
  onChain.history.push(entry);
  onChain.history.sort((a, b) => a.at - b.at || order(a.stage) - order(b.stage));
  const furthest = onChain.history.reduce((best, e) => (order(e.stage) > order(best.stage) ? e : best));
  onChain.stage = furthest.stage;
  onChain.stageSince = furthest.at;
}

/** Whether a stage ends a proposal on its chain (executed, cancelled or expired): nothing moves it any more. */
export function isFinalStage(stage: Stage): boolean {
  return stage === 'executed' || stage === 'cancelled' || stage === 'expired';
}

/** Whether the chain's proposal is done. */
export function isFinal(onChain: ProposalOnChain): boolean {
  return isFinalStage(onChain.stage);
}
