/**
 * Signer sets: each chain's council (hub only), guardian set and fallback signers, reduced to a digest
 * of (members, threshold) from the events that install them, and whether each set is the same on every
 * chain that holds one (signer-set drift).
 */
import { signerSetDigest } from '@lockstep/core/signer-sets';
import type { Hex } from 'viem';
import type { SignerSetStatus, SignerSets } from '../model.js';
import type { StoredEvent } from '../store/types.js';
import { listArg, numberArg } from './args.js';
import { councilSets, currentCouncil } from './council-sets.js';

// The digest lives in core (the chain-consistency gate compares the same digests); re-exported for the monitor's users.
export { signerSetDigest };

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
