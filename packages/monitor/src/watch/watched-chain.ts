/**
 * One chain as the monitor watches it: its name and id, its role, how deep a reorg can go there, and
 * the Lockstep contracts whose events it reads (from the chain's deployment file).
 */
import type { Deployment } from '@lockstep/core/deploy';
import type { Address } from 'viem';

export type WatchedChain = {
  /** The network's name in the config. */
  name: string;
  chainId: number;
  role: 'hub' | 'satellite';
  /** Blocks below `head - finalityDepth` are final: no reorg reaches them. */
  finalityDepth: number;
  /** The contracts whose events are read. */
  contracts: Address[];
  /** The first block to read when the store has no checkpoint yet (default 0). */
  fromBlock?: number;
};

/** The contracts of a deployment the monitor reads: receiver, registry and adapters; hub, council and timelock on the hub. */
export function watchedContracts(addresses: Deployment['addresses']): Address[] {
  const all = [
    addresses.receiver,
    addresses.registry,
    ...Object.values(addresses.adapters),
    addresses.hub,
    addresses.council,
    addresses.timelock,
  ];
  return [...new Set(all.filter((address): address is Address => address !== undefined))];
}
