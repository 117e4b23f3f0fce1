/**
 * The `rpc-fault` fault: from its trigger, the target's endpoint misbehaves for the named actors
 * (their fault proxy switches to the fault's mode); after `durationSeconds` it passes everything
 * again. What the defenders do is theirs: the relayer and the keeper retry transient RPC failures
 * with backoff, a pass that still fails is retried at the relay's next stop, an unacknowledged
 * message alerts; the report says whether every chain still switched at the activation time.
 */
import type { RpcFaultMode } from '../../../chains/rpc-proxy.js';
import type { DrillContext } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';
import { hasProxy, proxyFor } from './routes.js';

type RpcFault = FaultOf<'rpc-fault'>;

export const rpcFault: FaultEffect<RpcFault> = (ctx) => ({
  async inject(fault) {
    const { clock, recorder } = ctx;
    const chain = ctx.chains.find((c) => c.name === fault.target);
    if (!chain) throw new Error(`rpc-fault: no chain named ${fault.target} in this drill`);
    // Guardians read the hub alone, through the proxy they started with.
    const actors = fault.actors.filter((actor) => actor !== 'guardians' || hasProxy(chain, 'guardians'));
    const proxies = await Promise.all(actors.map((actor) => proxyFor(chain, actor, ctx.seed)));
    for (const proxy of proxies) proxy.setMode(modeOf(fault));
    const report = recorder.fault('rpc-fault', fault.target, clock.now, describe(ctx, fault, actors));
    ctx.faults.clearAt.push({
      at: clock.now + fault.durationSeconds,
      clear: async () => {
        for (const proxy of proxies) proxy.setMode({ mode: 'pass' });
        recorder.clear(report, clock.now);
        // How many requests were hit depends on the actors' wall-clock polling: a note, not the report.
        recorder.note(
          `rpc-fault on ${fault.target}: ${proxies
            .map((proxy, i) => `${actors[i]} ${JSON.stringify(proxy.stats)}`)
            .join('; ')}`,
        );
      },
    });
  },
});

function modeOf(fault: RpcFault): RpcFaultMode {
  if (fault.mode === 'latency') return { mode: 'latency', latencyMs: fault.latencyMs };
  return { mode: fault.mode, rate: fault.rate };
}

function describe(ctx: DrillContext, fault: RpcFault, actors: readonly string[]): string {
  const what =
    fault.mode === 'latency'
      ? `answers ${fault.latencyMs} ms late`
      : fault.mode === 'error'
        ? `answers ${pct(fault.rate)} of requests with a JSON-RPC error`
        : fault.mode === 'timeout'
          ? `never answers ${pct(fault.rate)} of requests`
          : `drops the connection of ${pct(fault.rate)} of requests`;
  const ignored = fault.actors.filter((actor) => !actors.includes(actor));
  const unaffected =
    ignored.length > 0 ? ` (${ignored.join(', ')} never read ${fault.target}: not ${ctx.hubChain.name})` : '';
  const who = actors.length > 0 ? actors.join(', ') : 'nobody';
  return `${fault.target}'s RPC endpoint ${what} for ${who}, for ${fault.durationSeconds} s${unaffected}`;
}

const pct = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
