import { governanceHubAbi } from '@lockstep/client';
import { type Address, isAddressEqual, zeroAddress } from 'viem';
import { readContract } from 'viem/actions';
import { type ReadRegistryEntryReturnType, readRegistryEntry } from '../registry/read-registry-entry.js';
import type { CouncilReadClient } from './types.js';

/**
 * What `proxy` runs on `chainId` according to the registry of the receiver the hub names for that
 * chain (`hub.chainConfig(chainId).receiver`); `undefined` when the hub does not know the chain.
 * Propose and approve share it to fill and check an action's `previousImplementation`.
 */
export async function readRunningImplementation(
  hubClient: CouncilReadClient,
  client: CouncilReadClient,
  { hub, chainId, proxy }: { hub: Address; chainId: number; proxy: Address },
): Promise<ReadRegistryEntryReturnType | undefined> {
  const { receiver } = await readContract(hubClient, {
    address: hub,
    abi: governanceHubAbi,
    functionName: 'chainConfig',
    args: [BigInt(chainId)],
  });
  if (isAddressEqual(receiver, zeroAddress)) return undefined;
  return readRegistryEntry(client, { receiver, proxy });
}
