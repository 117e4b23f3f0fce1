/**
 * Rollback after a failed health check: the council proposes the registry's previous verified
 * implementation on each failing chain (refused where that is not the code that ran before), and
 * the drill carries it as one more round.
 */
import { readRegistryEntry } from '@lockstep/core/registry';
import type { Address } from 'viem';
import type { HealthReport } from '../../types.js';
import { codehashOf, type DrillContext, stateOf } from '../drill-context.js';
import { approveRound, carryRound, healthCheck } from './rounds.js';

export type RollbackReturnType = {
  /** When the first failing health check ran (virtual). */
  detectedAt: number;
  /** When every rolled-back chain was healthy again (virtual); undefined if it never was. */
  recoveredAt: number | undefined;
};

/** Proposes, carries and health-checks the rollback of every chain in `failing`. */
export async function rollback(ctx: DrillContext, failing: readonly HealthReport[]): Promise<RollbackReturnType> {
  const { clock, recorder, states, audited, addresses: a } = ctx;
  const detectedAt = Math.min(...failing.map((h) => h.at));
  let recoveredAt: number | undefined;
  const round = await recorder.phase('propose+approve (rollback)', async () => {
    const previous = new Map<string, Address>();
    /** What each rolled-back proxy runs now: the faulty release the rollback replaces. */
    const faulty = new Map<string, Address>();
    for (const { chain } of failing) {
      const state = stateOf(states, chain);
      const entry = await readRegistryEntry(state.chain.client, { receiver: a.receiver, proxy: state.proxy });
      // The previous verified implementation: the registry's record, whose code must still be what ran before.
      const restored = entry.previousImplementation;
      const codehash = await codehashOf(state.chain, restored);
      if (restored.toLowerCase() !== state.implementationBefore.toLowerCase() || codehash !== state.codehashBefore) {
        recorder.alert(
          'rollback-refused',
          chain,
          clock.now,
          `${chain}: the registry's previous implementation ${restored} is not the verified one that ran before (${state.implementationBefore})`,
        );
        continue;
      }
      previous.set(chain, restored);
      faulty.set(chain, entry.implementation);
      audited.add(codehash);
    }
    if (previous.size === 0) return undefined;
    recorder.alert(
      'rollback-proposed',
      null,
      clock.now,
      `rollback to the previous verified implementation on ${[...previous.keys()].join(', ')}`,
    );
    return approveRound(ctx, { label: 'rollback', kind: 'rollback' }, [...previous.keys()], previous, faulty);
  });
  if (round) {
    await carryRound(ctx, round);
    const health = await healthCheck(ctx, round);
    if (health.length === round.states.length && health.every((h) => h.healthy)) {
      recoveredAt = Math.max(...health.map((h) => h.at));
    }
  }
  return { detectedAt, recoveredAt };
}
