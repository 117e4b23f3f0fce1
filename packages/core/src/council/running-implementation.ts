import { governanceHubAbi } from '@lockstep/client';
import { type Address, isAddressEqual, zeroAddress } from 'viem';
import { readContract } from 'viem/actions';
import { type ReadRegistryEntryReturnType, readRegistryEntry } from '../registry/read-registry-entry.js';
import type { CouncilReadClient } from './types.js';

/**
 * The receiver the hub sends `chainId`'s messages to (`hub.chainConfig(chainId).receiver`), or
 * `undefined` when the hub does not know the chain (a dispatch to it would revert `HubUnknownChain`).
 */
export async function readHubReceiver(
  hubClient: CouncilReadClient,
  { hub, chainId }: { hub: Address; chainId: number },
): Promise<Address | undefined> {
  const { receiver } = await readContract(hubClient, {
    address: hub,
    abi: governanceHubAbi,
    functionName: 'chainConfig',
    args: [BigInt(chainId)],
  });
  return isAddressEqual(receiver, zeroAddress) ? undefined : receiver;
}

/**
 * What `proxy` runs on its chain according to the registry of the receiver the hub names for that
 * chain; `undefined` when the hub does not know the chain. Propose and approve share it to fill and
 * check an action's `previousImplementation`.
 */
export async function readRunningImplementation(
  hubClient: CouncilReadClient,
  client: CouncilReadClient,
  { hub, chainId, proxy }: { hub: Address; chainId: number; proxy: Address },
): Promise<ReadRegistryEntryReturnType | undefined> {
  const receiver = await readHubReceiver(hubClient, { hub, chainId });
  return receiver ? readRegistryEntry(client, { receiver, proxy }) : undefined;
}
