/**
 * The execution of one round: the keeper executes on every chain at the first block at or after
 * the activation time, halted chains get their message once they resume, failed executions retry
 * with backoff, and a codehash mismatch is never retried (the chain guardian cancels).
 */
import type { ExecutionReport } from '@lockstep/core/executor';
import type { SubmittedAttempt } from '../../../actors/attacker.js';
import type { DrillChain } from '../../../chains/start-chains.js';
import { settleAttempt, submitAttempt } from '../../attacker/exploit.js';
import { checkClocks } from '../../defenders/clock-check.js';
import { submitExecution } from '../../defenders/keeper.js';
import { type ChainState, type DrillContext, HORIZON_SECONDS, phaseName, type Round } from '../../drill-context.js';
import { executionTakeover, messageHeld, roundKeptOpen } from '../../faults/schedule.js';
import { advanceTo, onEvent } from '../../faults/timeline.js';
import { redeliver } from '../relay/redeliver.js';
import { executedWithFees, offerFor, priceAhead, refusedForFee } from './fee-policy.js';
import { settleExecution } from './outcome.js';

/**
 * The keeper executes on every chain in the first block at or after the activation time (first in
 * that block); retries with backoff. The attacker, once a block shows the fix, tries every other
 * chain in its next block, behind the keeper where both are due (see `attacker/exploit.ts` for the rule).
 */
export async function executeRound(ctx: DrillContext, round: Round, activation: number) {
  const { clock, recorder, attacker, chains } = ctx;
  const { clearAt } = ctx.faults;
  await recorder.phase(phaseName('execute', round), async () => {
    // A capped keeper prepares its executions ahead, priced at today's base fees (`fee-policy.ts`).
    await priceAhead(ctx, round.states);
    // Each receiver judges the activation time by its own chain's clock: a skewed chain's is earlier or later.
    const readyAt = (s: ChainState) =>
      s.executableAt === undefined ? undefined : s.executableAt - clock.offsetOf(s.chain.name);
    const leading = round.states.filter((s) => clock.offsetOf(s.chain.name) > 0).map((s) => readyAt(s) ?? activation);
    const first = Math.min(activation, ...leading);
    // Up to just before the first switch: the blocks then are mined below, each with its execution.
    if (clock.now < first) await advanceTo(ctx, first - 1e-6);
    // The keeper compares every chain's head timestamp with the hub's (`clock-skew`).
    await checkClocks(ctx, round);
    for (const state of round.states) {
      if (state.queuedAt !== undefined) {
        recorder.mark({ at: activation, chain: state.chain.name, kind: 'activation', label: 'activation' });
      }
    }
    await onEvent(ctx, 'activation', Math.max(activation, clock.now));
    let t = Math.max(first, clock.now);
    while (t - activation <= HORIZON_SECONDS) {
      t = Math.max(t, clock.now);
      const open = round.states.filter((s) => s.message && !s.done);
      const attacksLeft = chains.some((c) => attacker.planned.has(c.name) && !clock.isHalted(c.name));
      if (open.length === 0 && !attacksLeft && !roundKeptOpen(ctx.faults)) break;
      // Policy `hold`: until the first chain switches, none does while another cannot (halted, or no message yet).
      const holding = ctx.scenario.response.onHaltedChain === 'hold' && !round.states.some((s) => s.executed);
      const blocked = holding ? open.filter((s) => clock.isHalted(s.chain.name) || s.queuedAt === undefined) : [];
      if (blocked.length > 0) {
        const names = blocked.map((s) => s.chain.name).join(', ');
        recorder.alert(
          'upgrade-held',
          null,
          clock.now,
          `every chain stays on its current implementation: ${names} cannot switch yet (halted or not delivered)`,
        );
        // Only a fault clearing (a chain resuming) can unblock it.
        const next = Math.min(...clearAt.map((c) => c.at).filter((at) => at > t));
        if (!Number.isFinite(next)) break;
        t = next;
        await advanceTo(ctx, t);
        const resumed = open.filter(
          (s) => s.queuedAt === undefined && !clock.isHalted(s.chain.name) && !messageHeld(ctx.faults, s),
        );
        if (resumed.length > 0) await redeliver(ctx, round, resumed);
        continue;
      }
      // Held: every chain switches at its first block at or after the moment the last one may.
      const floor = holding ? Math.max(t, ...open.map((s) => readyAt(s) ?? t)) : t;
      // Blocks that relayed or cancelled transactions mined since the last step move the boundaries:
      // read where a boundary is used below (a chain whose message is open, or the attacker's target);
      // a chain that is done is read again only when the clock mines it.
      await clock.sync(
        chains.filter(
          (c) => open.some((s) => s.chain === c) || (attacker.planned.has(c.name) && !clock.isHalted(c.name)),
        ),
      );
      const keeperAt = (s: ChainState, from: number) =>
        clock.boundaryAtOrAfter(s.chain, Math.max(from, floor, readyAt(s) ?? from, s.nextAttemptAt ?? from));
      const attackAt = (chain: DrillChain, from: number) =>
        clock.boundaryAtOrAfter(chain, Math.max(from, attacker.planned.get(chain.name) ?? from));
      const attackable = chains.filter((c) => attacker.planned.has(c.name) && !clock.isHalted(c.name));
      // The next moment something can happen: a running chain's block where the keeper is due or
      // the attacker wants in, or a fault clearing.
      const candidates = [
        ...open.filter((s) => !clock.isHalted(s.chain.name) && !messageHeld(ctx.faults, s)).map((s) => keeperAt(s, t)),
        ...attackable.map((c) => attackAt(c, t)),
        ...clearAt.map((c) => c.at),
      ];
      if (candidates.length === 0) break;
      const from = t;
      t = Math.max(t, Math.min(...candidates));
      // Chains with a block at `t`: the keeper's execution is the first transaction of that block.
      const due = open.filter(
        (s) => !clock.isHalted(s.chain.name) && !messageHeld(ctx.faults, s) && keeperAt(s, from) <= t + 1e-9,
      );
      const attacked = attackable.filter((c) => attackAt(c, from) <= t + 1e-9);
      // Every block up to `t` (faults due at `t` fire) except those at `t` built below with their transactions.
      const reserved = chains.filter((c) => due.some((s) => s.chain === c) || attacked.includes(c));
      await advanceTo(ctx, t, new Set(reserved.map((c) => c.name)));
      const building = reserved.filter(
        (c) => !clock.isHalted(c.name) && clock.boundaryAtOrAfter(c, t - 1e-6) <= t + 1e-9,
      );
      const settled = await Promise.all(
        building.map(async (chain) => {
          const state = due.find((s) => s.chain === chain);
          let execution: (() => Promise<ExecutionReport | undefined>) | undefined;
          let attempt: SubmittedAttempt | undefined;
          const at = await clock.buildBlock(
            chain,
            async () => {
              // The keeper's pre-signed execution first, then the attacker's sweep (the stated rule).
              // A capped keeper sends nothing while the base fee is above its cap.
              const fees = state ? await offerFor(ctx, state, t) : undefined;
              if (state && fees !== 'wait')
                execution = await submitExecution(ctx, state, t, () => executionTakeover(ctx.faults, state), fees);
              if (attacked.includes(chain)) attempt = await submitAttempt(ctx, chain);
            },
            t - 1e-6,
          );
          return { chain, state, at, report: await execution?.(), attempt };
        }),
      );
      for (const { attempt } of settled) await settleAttempt(ctx, attempt);
      // Halted chains that resumed may still need their message: deliver it now.
      const undelivered = open.filter(
        (s) => s.queuedAt === undefined && !clock.isHalted(s.chain.name) && !messageHeld(ctx.faults, s),
      );
      if (undelivered.length > 0) await redeliver(ctx, round, undelivered);
      for (const { state, report, at } of settled) {
        if (!state || !report || refusedForFee(ctx, state, report, at)) continue;
        executedWithFees(ctx, state, report, at, activation);
        await settleExecution(ctx, state, report, at);
      }
      t += 1e-6;
      // Nothing can ever execute on a chain whose message never arrived and nothing is pending.
      if (
        clearAt.length === 0 &&
        attacker.planned.size === 0 &&
        open.every((s) => s.queuedAt === undefined && !clock.isHalted(s.chain.name))
      )
        break;
    }
    await onEvent(ctx, 'executed');
  });
}
