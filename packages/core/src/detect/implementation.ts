/**
 * Implementations: a proxy that runs anything but the approved implementation, or an approved
 * implementation whose code is not the approved code, is drift (`implementation-drift`). Pure logic
 * (`detectImplementationDrift`) over what a thin reader (`readImplementation`) returns: the
 * ERC-1967 implementation slot and that address's codehash.
 */
import { type Address, type Client, getAddress, type Hex } from 'viem';
import { getCode, getStorageAt } from 'viem/actions';
import { codeHash } from '../crypto/code-hash.js';
import type { Detection } from './types.js';

/** The ERC-1967 implementation slot: keccak256('eip1967.proxy.implementation') - 1. */
export const ERC1967_IMPLEMENTATION_SLOT: Hex = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';

export type ImplementationObservation = {
  implementation: Address;
  /** keccak256 of the implementation's runtime code; undefined: no code there. */
  codehash: Hex | undefined;
};

export type DetectImplementationDriftParameters = {
  chain: string;
  proxy: Address;
  approved: { implementation: Address; codehash: Hex };
  observed: ImplementationObservation;
  /** When `observed` was read (seconds). */
  now: number;
  /** Since when the approved state should hold (e.g. the execution's time); default `now`. */
  expectedSince?: number;
};

/** What differs from the approved state: the implementation's address, its code, or both. */
export type ImplementationDifference = 'implementation' | 'codehash';

/** One detection listing every difference, or none when the proxy runs the approved code. */
export function detectImplementationDrift(
  parameters: DetectImplementationDriftParameters,
): Detection<'implementation-drift'> & { problems: string[]; differences: ImplementationDifference[] } {
  const { chain, proxy, approved, observed, now } = parameters;
  const problems: string[] = [];
  const differences: ImplementationDifference[] = [];
  if (observed.implementation.toLowerCase() !== approved.implementation.toLowerCase()) {
    differences.push('implementation');
    problems.push(`the proxy runs ${observed.implementation}, not the approved ${approved.implementation}`);
  }
  if (observed.codehash?.toLowerCase() !== approved.codehash.toLowerCase()) {
    differences.push('codehash');
    problems.push(
      `codehash ${observed.codehash?.slice(0, 10) ?? '(no code)'}… is not the approved ${approved.codehash.slice(0, 10)}…`,
    );
  }
  return {
    kind: 'implementation-drift',
    chain,
    detectedAt: now,
    since: parameters.expectedSince ?? now,
    message: `${chain}: proxy ${proxy}: ${problems.join('; ')}`,
    problems,
    differences,
  };
}

/** The implementation a proxy runs (ERC-1967 slot) and its codehash. */
export async function readImplementation(client: Client, proxy: Address): Promise<ImplementationObservation> {
  const word = await getStorageAt(client, { address: proxy, slot: ERC1967_IMPLEMENTATION_SLOT });
  const implementation = getAddress(`0x${(word ?? '0x').slice(-40).padStart(40, '0')}`);
  const code = await getCode(client, { address: implementation });
  return { implementation, codehash: code ? codeHash(code) : undefined };
}
