import { type Address, type Hex, isAddressEqual } from 'viem';
import { recoverSigner } from '../crypto/recover-signer.js';
import type { GuardianSet } from './guardian-set.js';

/** One guardian's signature over the adapter's EIP-712 attestation digest of a message. */
export type GuardianAttestation = {
  guardian: Address;
  v: number;
  r: Hex;
  s: Hex;
};

/** Half the secp256k1 order: the adapter refuses signatures with a larger `s`. */
const HALF_CURVE_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** `IGuardianAdapter.GuardianSignature`: a signature tagged with its signer's position in the set. */
export type IndexedGuardianSignature = { index: number; v: number; r: Hex; s: Hex };

/** Why an attestation was left out: the adapter would refuse it, or it adds nothing. */
export type RejectedAttestationReason =
  /** The signer is not a key of the set. */
  | 'not-a-member'
  /** Another valid signature of the same guardian was already kept. */
  | 'duplicate'
  /** `v` is not 27 or 28, or `s` is in the high half (a malleable twin). */
  | 'non-canonical'
  /** The signature does not recover to the claimed guardian from this digest. */
  | 'wrong-signature';

export type SelectSignaturesReturnType = {
  /** Valid, distinct signatures of set members, ascending by key position, at most `quorum`. */
  signatures: IndexedGuardianSignature[];
  /** Every attestation left out, with why (in input order). */
  rejected: { guardian: Address; reason: RejectedAttestationReason }[];
};

/**
 * Checks each attestation against `digest` and `set` exactly as the GuardianAdapter will (member,
 * `v` 27/28, low `s`, recovers to the claimed guardian), keeps one per guardian, and returns the
 * first `set.quorum` of them in ascending key position: the `signatures` argument of `deliver` and
 * `rotateGuardianSet`. Fewer than `quorum` means the adapter would refuse; nothing is thrown here.
 */
export async function selectSignatures(
  digest: Hex,
  set: Pick<GuardianSet, 'keys' | 'quorum'>,
  attestations: readonly GuardianAttestation[],
): Promise<SelectSignaturesReturnType> {
  const byIndex = new Map<number, IndexedGuardianSignature>();
  const rejected: SelectSignaturesReturnType['rejected'] = [];
  for (const attestation of attestations) {
    const { guardian } = attestation;
    const index = set.keys.findIndex((key) => isAddressEqual(key, guardian));
    if (index < 0) {
      rejected.push({ guardian, reason: 'not-a-member' });
      continue;
    }
    if ((attestation.v !== 27 && attestation.v !== 28) || BigInt(attestation.s) > HALF_CURVE_ORDER) {
      rejected.push({ guardian, reason: 'non-canonical' });
      continue;
    }
    const signer = await recoverSigner({
      hash: digest,
      signature: { r: attestation.r, s: attestation.s, v: BigInt(attestation.v) },
    }).catch(() => undefined);
    if (!signer || !isAddressEqual(signer, guardian)) {
      rejected.push({ guardian, reason: 'wrong-signature' });
      continue;
    }
    if (byIndex.has(index)) {
      rejected.push({ guardian, reason: 'duplicate' });
      continue;
    }
    byIndex.set(index, { index, v: attestation.v, r: attestation.r, s: attestation.s });
  }
  const signatures = [...byIndex.values()].sort((a, b) => a.index - b.index).slice(0, set.quorum);
  return { signatures, rejected };
}
