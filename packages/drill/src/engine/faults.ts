/**
 * The scenario's faults over virtual time: a fault triggers on its flow event's first occurrence
 * plus its delay, and some clear after a duration. Advancing the clock stops at every trigger and
 * clearance on the way, so each fault lands at its own moment.
 */
import type { SubmittedAttempt } from '../actors/attacker.js';
import type { Fault, FlowEvent } from '../types.js';
import { type DrillContext, stateOf } from './drill-context.js';
import { equivocate } from './equivocation.js';
import { reachable, settleAttempt, submitAttempt } from './exploit.js';
import { monitorTick, watchChains } from './monitor.js';
import { rotateGuardians } from './rotated-guardians.js';

/** Faults waiting for their time, clearances due, and what the flow has seen so far. */
export type FaultSchedule = {
  pending: { fault: Fault; at: number }[];
  clearAt: { at: number; clear: () => Promise<void> }[];
  /** Flow events seen so far: a fault triggers on its event's first occurrence (the first wave's). */
  seen: Set<FlowEvent>;
  /** Set by a `crash-relayer` fault: the next relay runs the relayer as a process and kills it. */
  crashRelayer: boolean;
};

export function createFaultSchedule(): FaultSchedule {
  return { pending: [], clearAt: [], seen: new Set(), crashRelayer: false };
}

/** Records a flow event, schedules the faults it triggers, and fires those due. */
export async function onEvent(ctx: DrillContext, event: FlowEvent, at = ctx.clock.now): Promise<void> {
  const { faults, recorder, scenario } = ctx;
  recorder.event(event, at);
  if (!faults.seen.has(event)) {
    faults.seen.add(event);
    for (const fault of scenario.faults.filter((f) => f.trigger.after === event)) {
      faults.pending.push({ fault, at: at + fault.trigger.delaySeconds });
    }
  }
  await fireDue(ctx);
}

async function fireDue(ctx: DrillContext): Promise<void> {
  const { pending, clearAt } = ctx.faults;
  const { clock } = ctx;
  for (const item of pending.filter((p) => p.at <= clock.now)) {
    pending.splice(pending.indexOf(item), 1);
    await inject(ctx, item.fault);
  }
  for (const item of clearAt.filter((c) => c.at <= clock.now)) {
    clearAt.splice(clearAt.indexOf(item), 1);
    await item.clear();
  }
}

/**
 * Advances the clock to `to`, stopping at every fault trigger and clearance on the way (those due
 * at `to` fire too). Chains in `reserved` get no block at `to` itself: the caller builds it.
 */
export async function advanceTo(ctx: DrillContext, to: number, reserved?: ReadonlySet<string>): Promise<void> {
  const { pending, clearAt } = ctx.faults;
  const { clock } = ctx;
  // Already there (a sender's transactions moved the clock past `to`): only what is due fires.
  if (to <= clock.now) return fireDue(ctx);
  for (;;) {
    const stops = [...pending.map((p) => p.at), ...clearAt.map((c) => c.at), ...monitorTick(ctx)].filter(
      (t) => t > clock.now && t <= to,
    );
    const next = stops.length > 0 ? Math.min(...stops) : to;
    await clock.advanceTo(next, next >= to ? reserved : undefined);
    await watchChains(ctx);
    await fireDue(ctx);
    if (next >= to) return;
  }
}

/**
 * Moves the clock up to the latest block a transaction mined on any chain: whoever sent it waited
 * for that block, so what the drill does next happens after it (fault triggers on the way fire).
 */
export async function catchUp(ctx: DrillContext): Promise<void> {
  const latest = await ctx.clock.latestBlockTime();
  if (latest > ctx.clock.now) await advanceTo(ctx, latest);
}

async function inject(ctx: DrillContext, fault: Fault): Promise<void> {
  const { clock, recorder, states, scenario, guardians: pool, faults, addresses: a } = ctx;
  const { clearAt } = faults;
  switch (fault.kind) {
    case 'drop-message': {
      const state = stateOf(states, fault.target);
      state.dropped = true;
      recorder.fault('drop-message', fault.target, clock.now, `the bridge loses the message to ${fault.target}`);
      return;
    }
    case 'delay-message': {
      const state = stateOf(states, fault.target);
      state.delayed = true;
      const report = recorder.fault(
        'delay-message',
        fault.target,
        clock.now,
        `the bridge holds the message to ${fault.target} back for ${fault.delaySeconds} s (delivered late, not lost)`,
      );
      clearAt.push({
        at: clock.now + fault.delaySeconds,
        clear: async () => {
          state.delayed = false; // the next relay pass delivers it
          recorder.clear(report, clock.now);
        },
      });
      return;
    }
    case 'equivocating-guardian': {
      await equivocate(ctx, fault);
      return;
    }
    case 'halt-chain': {
      const state = stateOf(states, fault.target);
      await clock.halt(state.chain);
      // No alert here: the monitor (monitor.ts) must detect the halt from the chain's heads.
      const report = recorder.fault(
        'halt-chain',
        fault.target,
        clock.now,
        `${fault.target} stops producing blocks for ${fault.durationSeconds} s`,
      );
      clearAt.push({
        at: clock.now + fault.durationSeconds,
        clear: async () => {
          // The first block after the halt: the attacker's sweep, waiting with the higher tip, is in it.
          let attempt: SubmittedAttempt | undefined;
          await clock.resume(state.chain, async () => {
            if (reachable(ctx, state.chain, clock.now)) attempt = await submitAttempt(ctx, state.chain);
          });
          recorder.clear(report, clock.now);
          await settleAttempt(ctx, attempt);
        },
      });
      return;
    }
    case 'kill-guardians': {
      const killed = await pool.kill(fault.count);
      const report = recorder.fault(
        'kill-guardians',
        'all',
        clock.now,
        `${killed.length} guardians stopped (${pool.running} of ${scenario.guardians.size} left, quorum ${scenario.guardians.quorum})`,
      );
      if (fault.durationSeconds !== undefined) {
        clearAt.push({
          at: clock.now + fault.durationSeconds,
          clear: async () => {
            await pool.restartAll();
            recorder.clear(report, clock.now);
          },
        });
      }
      return;
    }
    case 'rotate-guardians': {
      await rotateGuardians(ctx);
      return;
    }
    case 'crash-relayer': {
      faults.crashRelayer = true;
      return;
    }
    case 'revert-execution': {
      stateOf(states, fault.target).revertNext = true;
      recorder.fault(
        'revert-execution',
        fault.target,
        clock.now,
        `the first execution on ${fault.target} runs out of gas`,
      );
      return;
    }
    case 'mutate-implementation': {
      const state = stateOf(states, fault.target);
      const implementation = state.action?.implementation ?? a.vaultV2;
      const v1Code = await state.chain.client.getCode({ address: a.vaultV1 });
      await state.chain.client.setCode({ address: implementation, bytecode: v1Code ?? '0x' });
      recorder.fault(
        'mutate-implementation',
        fault.target,
        clock.now,
        `the code at ${implementation} on ${fault.target} changes after approval`,
      );
      return;
    }
    default: {
      const unknown: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(unknown)}`);
    }
  }
}
