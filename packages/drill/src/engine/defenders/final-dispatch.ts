/**
 * What a fallback council member checks before ratifying a message: that the hub holds it as
 * dispatched in its latest final block (head − finalityDepth), not only that the drill (or a
 * relayer) once saw it. A message only a reorged-out hub block held is refused with an alert and
 * its chain is marked `notOnHub` (done: the relay stops waiting for it, the report says why), so
 * the fallback path cannot deliver what the canonical hub never sent.
 */
import { readHubMessageState } from '@lockstep/core/ack';
import type { ChainState, DrillContext } from '../drill-context.js';

/** The states whose message the final hub holds; the others get a `message-not-on-hub` alert. */
export async function onFinalHub(ctx: DrillContext, states: readonly ChainState[]): Promise<ChainState[]> {
  const { hubChain, addresses: a, recorder, clock } = ctx;
  const head = await hubChain.client.getBlockNumber({ cacheTime: 0 });
  const final = head - BigInt(hubChain.finalityDepth);
  const held = await Promise.all(
    states.map(async (state) => {
      if (!state.message || final < 0n) return false;
      const { state: onHub } = await readHubMessageState(
        hubChain.client,
        a.hub,
        state.message.messageId,
        undefined,
        final,
      );
      if (onHub !== 'None') return true;
      recorder.alert(
        'message-not-on-hub',
        state.chain.name,
        clock.now,
        `the hub's final block ${final} holds no dispatch of the message to ${state.chain.name} (${state.message.messageId}): a reorg took it off the hub, so the fallback council does not ratify it`,
      );
      // Nothing can deliver it any more: the relay stops waiting for it (a new proposal is needed).
      state.notOnHub = true;
      state.done = true;
      recorder.mark({
        at: clock.now,
        chain: state.chain.name,
        kind: 'alert',
        label: 'not on the hub: never delivered',
      });
      return false;
    }),
  );
  return states.filter((_, i) => held[i]);
}
