/**
 * Which bridge path queued a chain's message, read from the chain: the receiver's adapters that
 * forwarded it (`MessageForwarded`), and which of them the receiver counts as fallbacks. A message
 * only the fallback council confirmed waits the receiver's fallback delay (at least the home
 * timelock's) after it is queued, so the fallback is never a shortcut: the drill alerts on it and
 * the report shows the extra time.
 */
import { guardianAdapterAbi, upgradeReceiverAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { formatDuration, formatVirtualTime } from '../../../report/format.js';
import type { DeliveryPath } from '../../../types.js';
import type { ChainState, DrillContext } from '../../drill-context.js';

export type ReadDeliveryPathReturnType = {
  /** undefined: no adapter forwarded the message. */
  path: DeliveryPath | undefined;
  /** The receiver's fallback delay (seconds). */
  fallbackDelay: number;
};

/** The adapters that forwarded `messageId` to `receiver` on this chain, split into fallbacks and the others. */
export async function readDeliveryPath(
  state: ChainState,
  receiver: Address,
  messageId: Hex,
): Promise<ReadDeliveryPathReturnType> {
  const client = state.chain.client;
  const [[adapters], [fallbacks, fallbackDelay]] = await Promise.all([
    client.readContract({ address: receiver, abi: upgradeReceiverAbi, functionName: 'adapters' }),
    client.readContract({ address: receiver, abi: upgradeReceiverAbi, functionName: 'fallbackConfig' }),
  ]);
  const isFallback = new Set(fallbacks.map((f) => f.toLowerCase()));
  const forwarded = await Promise.all(
    adapters.map(async (adapter) => {
      // Every adapter emits IBridgeAdapter.MessageForwarded; the guardian adapter's ABI has it.
      const logs = await client.getContractEvents({
        address: adapter,
        abi: guardianAdapterAbi,
        eventName: 'MessageForwarded',
        args: { messageId },
        fromBlock: 0n,
      });
      return logs.length > 0 ? adapter : undefined;
    }),
  );
  const by = forwarded.filter((adapter): adapter is Address => adapter !== undefined);
  const byFallback = by.some((adapter) => isFallback.has(adapter.toLowerCase()));
  const byOthers = by.some((adapter) => !isFallback.has(adapter.toLowerCase()));
  const path =
    byFallback && byOthers ? 'guardians+fallback' : byFallback ? 'fallback' : byOthers ? 'guardians' : undefined;
  return { path, fallbackDelay };
}

/**
 * Records how a just-queued message got there. Confirmed by the fallback alone, it waits the
 * fallback delay: the `fallback-delayed` alert says until when, and how far past the activation.
 */
export async function recordDeliveryPath(
  ctx: DrillContext,
  state: ChainState,
  activation: number | null,
  /** The paths when already read (`readQueuedFacts`); read here otherwise. */
  read?: ReadDeliveryPathReturnType,
): Promise<void> {
  const { clock, recorder, addresses: a } = ctx;
  if (!state.message) return;
  const paths = read ?? (await readDeliveryPath(state, a.receiver, state.message.messageId));
  state.deliveredVia = paths.path;
  state.fallbackDelaySeconds = state.deliveredVia === 'fallback' ? paths.fallbackDelay : undefined;
  if (state.deliveredVia !== 'fallback' || state.executableAt === undefined) return;
  const late = activation === null ? 0 : state.executableAt - activation;
  recorder.alert(
    'fallback-delayed',
    state.chain.name,
    clock.now,
    `only the fallback council confirmed the message to ${state.chain.name}: it waits the fallback delay (${formatDuration(paths.fallbackDelay)}) and executes from ${formatVirtualTime(state.executableAt)}${late > 0 ? `, ${formatDuration(Math.round(late))} after the activation time` : ''}`,
  );
}
