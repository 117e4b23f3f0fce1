/**
 * What a fallback council member checks before ratifying a message: that the hub holds it as
 * dispatched in its latest final block (head − finalityDepth), not only that the drill (or a
 * relayer) once saw it. A message only a reorged-out hub block held is refused with an alert, so
 * the fallback path cannot deliver what the canonical hub never sent.
 */
import { governanceHubAbi } from '@lockstep/client';
import type { ChainState, DrillContext } from '../drill-context.js';

/** `IGovernanceHub.DeliveryState.None`: the hub never dispatched the message. */
const NOT_DISPATCHED = 0;

/** The states whose message the final hub holds; the others get a `message-not-on-hub` alert. */
export async function onFinalHub(ctx: DrillContext, states: readonly ChainState[]): Promise<ChainState[]> {
  const { hubChain, addresses: a, recorder, clock } = ctx;
  const head = await hubChain.client.getBlockNumber({ cacheTime: 0 });
  const final = head - BigInt(hubChain.finalityDepth);
  const held = await Promise.all(
    states.map(async (state) => {
      if (!state.message || final < 0n) return false;
      const [, status] = await hubChain.client.readContract({
        address: a.hub,
        abi: governanceHubAbi,
        functionName: 'messageState',
        args: [state.message.messageId],
        blockNumber: final,
      });
      if (status !== NOT_DISPATCHED) return true;
      recorder.alert(
        'message-not-on-hub',
        state.chain.name,
        clock.now,
        `the hub's final block ${final} holds no dispatch of the message to ${state.chain.name} (${state.message.messageId}): a reorg took it off the hub, so the fallback council does not ratify it`,
      );
      return false;
    }),
  );
  return states.filter((_, i) => held[i]);
}
