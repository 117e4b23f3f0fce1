/**
 * The scenario's faults over virtual time: a fault triggers on its flow event's first occurrence
 * plus its delay, and some clear after a duration. Advancing the clock stops at every trigger and
 * clearance on the way, so each fault lands at its own moment.
 */
import type { Fault, FlowEvent } from '../../types.js';
import { watchHubFinality } from '../defenders/hub-finality-watch.js';
import { monitorTick, watchChains } from '../defenders/monitor.js';
import type { DrillContext } from '../drill-context.js';
import type { FaultEffect } from './effect.js';
import { FAULT_EFFECTS } from './effects.js';

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
    // `--monitor`: not while a block stamped `next` is still to be built (the caller's), as a real
    // monitor sees that moment with its block; the next step's poll does.
    if (next < to || !reserved?.size) await ctx.productionMonitor?.poll();
    await fireDue(ctx);
    // The hub-finality watcher: a queued message a deep hub reorg orphaned is cancelled before its
    // activation (not while the caller still builds the block at `to`).
    if (next < to || !reserved?.size) await watchHubFinality(ctx);
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

/** Injects a fault through its kind's effect, started on the kind's first fault. */
async function inject(ctx: DrillContext, fault: Fault): Promise<void> {
  const { active } = ctx.faults;
  let kind = active.get(fault.kind);
  if (!kind) {
    // The registry's effect for `fault.kind` takes exactly the faults of that kind.
    const start = FAULT_EFFECTS[fault.kind] as FaultEffect<Fault>;
    kind = start(ctx);
    active.set(fault.kind, kind);
  }
  await kind.inject(fault);
}
