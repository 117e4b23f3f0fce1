import { deploymentRegistryAbi, upgradeReceiverAbi } from '@lockstep/client';
import { type Address, type Chain, type Client, type Hex, hexToString, type Transport } from 'viem';
import { readContract } from 'viem/actions';

export type ReadRegistryEntryParameters = {
  /** The chain's UpgradeReceiver (its registry is the one it deployed and alone writes). */
  receiver: Address;
  /** The registered proxy. */
  proxy: Address;
};

export type ReadRegistryEntryReturnType = {
  /** The receiver's DeploymentRegistry. */
  registry: Address;
  /** False when the proxy is not registered on this receiver (every other field is then empty). */
  registered: boolean;
  /** The name it was registered under (`bytes32`, read as text: "example.vault"); empty if not registered. */
  name: string;
  /**
   * What the proxy runs as far as Lockstep knows: what an upgrade action must name as its
   * `previousImplementation` (the receiver refuses any other at execution).
   */
  implementation: Address;
  /** The implementation before it: what a rollback restores. */
  previousImplementation: Address;
  version: bigint;
  codehash: Hex;
};

export type ReadRegistryEntryErrorType = Error;

/**
 * Reads a proxy's entry in the DeploymentRegistry of a chain's receiver: `receiver.registry()`,
 * then `registry.entry(proxy)`.
 *
 * @example
 * const { implementation } = await readRegistryEntry(client, { receiver, proxy: vault });
 */
export async function readRegistryEntry(
  client: Client<Transport, Chain | undefined>,
  { receiver, proxy }: ReadRegistryEntryParameters,
): Promise<ReadRegistryEntryReturnType> {
  const registry = await readContract(client, { address: receiver, abi: upgradeReceiverAbi, functionName: 'registry' });
  const entry = await readContract(client, {
    address: registry,
    abi: deploymentRegistryAbi,
    functionName: 'entry',
    args: [proxy],
  });
  return {
    registry,
    registered: entry.version !== 0n,
    name: hexToString(entry.name, { size: 32 }).replace(/\0+$/, ''),
    implementation: entry.implementation,
    previousImplementation: entry.previousImplementation,
    version: entry.version,
    codehash: entry.codehash,
  };
}
