/**
 * The hub-finality watcher: a monitor/keeper that checks, as the hub makes blocks, that every
 * message queued on a receiver and not yet executed is still dispatched in the hub's latest final
 * block (head − finalityDepth).
 *
 * Why it is needed: a hub reorg deeper than the guardians' `finalityDepth` can orphan a dispatch
 * the guardians already attested and the receivers already queued. A receiver cannot tell: its
 * adapter checks the guardians' signatures, not the hub. Left alone, each chain that queued the
 * orphaned message runs, at its activation time, an upgrade the canonical hub never sent, while
 * the chains that had not received it yet never will: the fix shows on some chains and the
 * others stay exploitable.
 *
 * What it may do: only what a deployment authorises. It holds the chain guardian's key, the
 * receiver's one veto (`UpgradeReceiver.cancel`, which only cancels and only a message not yet
 * executed), and cancels the orphaned message on every receiver before its activation. Nothing
 * else: no drill-only call, no hub write. The council re-proposes if the upgrade is still wanted.
 */
import { readHubMessageState } from '@lockstep/core/ack';
import { readMessageState } from '@lockstep/core/relay';
import type { ChainState, DrillContext } from '../drill-context.js';
import { cancelOn } from './audit-queued.js';
import { conditionStart } from './monitor.js';

/**
 * Checks every queued, not yet executed message against the hub's final block; the chain guardian
 * cancels each one the final hub does not hold (`message-not-on-hub` alert, measured from the
 * reorg). Returns the chains where it cancelled.
 */
export async function watchHubFinality(ctx: DrillContext): Promise<ChainState[]> {
  const { hubChain, addresses: a, recorder, clock } = ctx;
  const queued = [...ctx.states.values()].filter(
    (s) => s.message && s.queuedAt !== undefined && !s.executed && !s.cancelled,
  );
  if (queued.length === 0) return [];
  const head = await hubChain.client.getBlockNumber({ cacheTime: 0 });
  const final = head - BigInt(hubChain.finalityDepth);
  if (final < 0n) return [];
  const cancelled: ChainState[] = [];
  for (const state of queued) {
    const messageId = state.message?.messageId ?? '0x';
    const { state: onHub } = await readHubMessageState(hubChain.client, a.hub, messageId, undefined, final);
    if (onHub !== 'None') continue;
    const name = state.chain.name;
    recorder.alert(
      'message-not-on-hub',
      name,
      clock.now,
      `the message queued on ${name} (${messageId}) is not dispatched in the hub's final block ${final}: a reorg deeper than the finality depth (${hubChain.finalityDepth}) orphaned it after the guardians attested it; the chain guardian cancels it on ${name} before its activation`,
      conditionStart(recorder, 'hub-reorg', hubChain.name, clock.now),
    );
    const { status } = await readMessageState(state.chain.client, a.receiver, messageId);
    if (status === 'None') {
      // The chain is the hub itself (or shares its reorg): the reorg took the receiver's queue off
      // with the dispatch, so there is nothing to cancel, and the relay must never deliver it again.
      state.queuedAt = undefined;
      state.executableAt = undefined;
      state.notOnHub = true;
      state.done = true;
      continue;
    }
    await cancelOn(ctx, state, 'not on the hub');
    cancelled.push(state);
  }
  return cancelled;
}
