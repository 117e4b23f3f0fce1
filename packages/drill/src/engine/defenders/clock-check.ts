/**
 * The keeper's clock check before activation: every running chain's head timestamp against the
 * hub's. The activation time is one unix timestamp, and each receiver judges it by its own chain's
 * clock, so a chain whose clock lags the hub's switches late (the window grows by the lag) and one
 * whose clock leads switches early (`execute` is permissionless: once its clock shows the time,
 * anyone can). Heads further apart than the two chains' block times (a head is only as fresh as
 * its last block) raise `clock-skew`, naming the chain and the seconds.
 */
import { automineInterval } from '../../chains/virtual-clock.js';
import type { ClockSkewReport } from '../../types.js';
import type { DrillContext, Round } from '../drill-context.js';

type Observation = Omit<ClockSkewReport, 'switchOffsetSeconds'>;

/** Each drill's observations, by chain (kept here: the report reads them once the round is over). */
const observed = new WeakMap<DrillContext, Map<string, Observation>>();

/** Compares each running chain's head with the hub's; alerts on a skew beyond the block times. */
export async function checkClocks(ctx: DrillContext, round: Round): Promise<void> {
  const { clock, hubChain, recorder } = ctx;
  if (clock.isHalted(hubChain.name)) return;
  const hub = await hubChain.client.getBlock({ blockTag: 'latest' });
  const running = round.states.filter((s) => s.chain !== hubChain && !clock.isHalted(s.chain.name));
  const heads = await Promise.all(running.map((s) => s.chain.client.getBlock({ blockTag: 'latest' })));
  const seen = observed.get(ctx) ?? new Map<string, Observation>();
  observed.set(ctx, seen);
  running.forEach((state, i) => {
    const head = heads[i];
    if (!head || seen.has(state.chain.name)) return;
    const measured = Number(head.timestamp) - Number(hub.timestamp);
    const tolerance = hubChain.blockTime + automineInterval(state.chain.blockTime);
    const alerted = Math.abs(measured) > tolerance;
    if (alerted) {
      const way = measured > 0 ? 'leads' : 'lags';
      const when = measured > 0 ? 'early' : 'late';
      recorder.alert(
        'clock-skew',
        state.chain.name,
        clock.now,
        `${state.chain.name}'s clock ${way} the hub's by ${Math.abs(measured)} s (head #${head.number} at ${head.timestamp}, hub #${hub.number} at ${hub.timestamp}; more than the ${tolerance} s two heads may differ): its receiver reaches the activation time about ${Math.abs(measured)} s ${when}`,
      );
    }
    // Evidence for the report: the chains the drill skewed, and any chain that raised the alert.
    if (!alerted && clock.offsetOf(state.chain.name) === 0) return;
    seen.set(state.chain.name, {
      chain: state.chain.name,
      offsetSeconds: clock.offsetOf(state.chain.name),
      checkedAt: clock.now,
      hub: hubChain.name,
      hubBlock: Number(hub.number),
      hubTimestamp: Number(hub.timestamp),
      chainBlock: Number(head.number),
      chainTimestamp: Number(head.timestamp),
      measuredSeconds: measured,
      toleranceSeconds: tolerance,
      alerted,
    });
  });
}

/** The report's `clockSkew` section (absent when no chain was skewed or alerted). */
export function clockSkewSection(ctx: DrillContext): { clockSkew?: ClockSkewReport[] } {
  const seen = observed.get(ctx);
  if (!seen || seen.size === 0) return {};
  const activation = ctx.rounds[0]?.report.activationAt ?? null;
  return {
    clockSkew: [...seen.values()].map((entry) => {
      const executed = ctx.states.get(entry.chain)?.executed;
      const switchOffsetSeconds =
        executed === undefined || activation === null
          ? null
          : Number(executed.timestamp) - entry.offsetSeconds - ctx.clock.origin - activation;
      return { ...entry, switchOffsetSeconds };
    }),
  };
}
