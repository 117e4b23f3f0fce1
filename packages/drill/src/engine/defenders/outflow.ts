/**
 * The defenders' outflow watch in an emergency drill: core's `OutflowDetector` over each example
 * vault's balance. The returned poll reads every watched vault now and returns the detections.
 */
import { type OutflowDetection, OutflowDetector, readBalance } from '@lockstep/core/detect';
import type { DrillContext } from '../drill-context.js';

export function watchOutflows(ctx: DrillContext): () => Promise<OutflowDetection[]> {
  const { chains, clock } = ctx;
  const outflow = new OutflowDetector();
  const watched = chains.filter((chain) => !ctx.adopted.has(chain.name));
  return async () =>
    (
      await Promise.all(
        watched.map(async (chain) =>
          outflow.observe({
            chain: chain.name,
            address: ctx.addresses.vault,
            at: clock.now,
            ...(await readBalance(chain.client, ctx.addresses.vault)),
          }),
        ),
      )
    ).flat();
}
