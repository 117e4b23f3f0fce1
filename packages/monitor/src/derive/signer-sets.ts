/**
 * Signer sets: each chain's council (hub only), guardian set and fallback signers, reduced to a digest
 * of (members, threshold) from the events that install them, and whether each set is the same on every
 * chain that holds one (signer-set drift).
 */
import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem';
import type { SignerSetStatus, SignerSets } from '../model.js';
import type { StoredEvent } from '../store/types.js';
import { listArg, numberArg } from './args.js';
import { councilSets, currentCouncil } from './council-sets.js';

/** keccak256(abi.encode(members ascending, threshold)): equal for equal sets whatever the order read. */
export function signerSetDigest(members: readonly string[], threshold: number): Hex {
  const sorted = [...members].map((m) => m.toLowerCase() as Address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return keccak256(encodeAbiParameters([{ type: 'address[]' }, { type: 'uint256' }], [sorted, BigInt(threshold)]));
}

/** The sets one chain's events install last: the council (on the hub), its guardian set and its fallback signers. */
export function chainSignerSets(events: readonly StoredEvent[]): SignerSets {
  const sets: SignerSets = {};
  const council = currentCouncil(councilSets(events));
  if (council) sets.council = signerSetDigest(council.members, council.threshold);
  for (const event of events) {
    if (event.name === 'GuardianSetAdded') {
      sets.guardian = signerSetDigest(listArg(event, 'keys').map(String), numberArg(event, 'quorum'));
    } else if (event.name === 'MembersSet') {
      sets.fallback = signerSetDigest(listArg(event, 'members').map(String), numberArg(event, 'threshold'));
    }
  }
  return sets;
}

/**
 * Per kind, whether every chain holding that set holds the same one. A chain that could not be read
 * is `null` in `byChain` and does not count as drift; a chain without the set at all is left out.
 */
export function signerSetStatuses(
  byChain: readonly { chain: string; reachable: boolean; signerSets: SignerSets }[],
): SignerSetStatus[] {
  return (['council', 'guardian', 'fallback'] as const).map((kind) => {
    const held: Record<string, Hex | null> = {};
    for (const chain of byChain) {
      const digest = chain.signerSets[kind];
      if (digest) held[chain.chain] = digest;
      else if (!chain.reachable) held[chain.chain] = null;
    }
    const distinct = new Set(Object.values(held).filter((d): d is Hex => d !== null));
    return { kind, consistent: distinct.size <= 1, byChain: held };
  });
}
