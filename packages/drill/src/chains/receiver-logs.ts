/**
 * A message's upgrade on one chain, from the receiver's own logs: when it was queued
 * (`UpgradeQueued`) and executed (`UpgradeExecuted`). The drill's verify phase, the time it records
 * for a queueing and the report checker all read these, the same way.
 */
import { upgradeReceiverAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import type { DrillChain } from './start-chains.js';

export async function readUpgradeLogs(
  client: DrillChain['client'],
  parameters: { receiver: Address; messageId: Hex; fromBlock?: bigint },
) {
  const { receiver, messageId, fromBlock = 0n } = parameters;
  const [queued, executed] = await Promise.all([
    client.getContractEvents({
      address: receiver,
      abi: upgradeReceiverAbi,
      eventName: 'UpgradeQueued',
      args: { messageId },
      fromBlock,
    }),
    client.getContractEvents({
      address: receiver,
      abi: upgradeReceiverAbi,
      eventName: 'UpgradeExecuted',
      args: { messageId },
      fromBlock,
    }),
  ]);
  return { queued, executed };
}
