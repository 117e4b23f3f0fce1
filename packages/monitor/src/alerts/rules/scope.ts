import type { NetworkConfig } from '@lockstep/core/config';
import type { ChainStatus } from '../../model.js';
import type { RuleContext } from './types.js';

/** The chain statuses of the snapshot within the monitor's networks, each with its network. */
export function chainsInScope(context: RuleContext): { status: ChainStatus; network: NetworkConfig }[] {
  return context.snapshot.chains.flatMap((status) => {
    const network = context.networks.find((n) => n.name === status.chain);
    return network ? [{ status, network }] : [];
  });
}

/** Whether `chain` is one of the monitor's networks. */
export function inScope(context: RuleContext, chain: string): boolean {
  return context.networks.some((n) => n.name === chain);
}
