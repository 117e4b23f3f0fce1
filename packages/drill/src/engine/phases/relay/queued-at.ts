/**
 * When the receiver queued a chain's message, from the chain: the timestamp of the block with its
 * `UpgradeQueued` log, in virtual time. Not the drill's clock when it noticed (the block may be
 * earlier, or another chain's transactions may have moved the clock on since).
 */
import { readUpgradeLogs } from '../../../chains/receiver-logs.js';
import type { ChainState, DrillContext } from '../../drill-context.js';

export async function queuedAtOnChain(ctx: DrillContext, state: ChainState): Promise<number> {
  const messageId = state.message?.messageId;
  if (!messageId) return ctx.clock.now;
  const {
    queued: [log],
  } = await readUpgradeLogs(state.chain.client, {
    receiver: ctx.addresses.receiver,
    messageId,
    fromBlock: ctx.startBlocks.get(state.chain.name) ?? 0n,
  });
  if (log?.blockNumber == null) return ctx.clock.now;
  const block = await state.chain.client.getBlock({ blockNumber: log.blockNumber });
  return Number(block.timestamp) - ctx.clock.origin;
}
