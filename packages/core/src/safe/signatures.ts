/**
 * Assembles the signature bytes a Safe checks (`Safe.checkSignatures`) from what its owners gave:
 * 65-byte ECDSA signatures (`v` 27/28 for a signature of the hash itself, EIP-712
 * `eth_signTypedData`; 31/32, v + 4, for an `eth_sign` of it), contract owners' signatures (v = 0,
 * with a dynamic part) and owners that approved the hash on chain (v = 1), one per owner in strictly
 * ascending owner order (`encoding.ts`). Whether a contract owner accepts its signature, or an owner
 * really approved on chain, is read by the caller (`import-approval.ts`); here each is only placed.
 */
import {
  type Address,
  getAddress,
  type Hex,
  hashMessage,
  isAddressEqual,
  parseSignature,
  recoverAddress,
  serializeSignature,
  size,
  slice,
} from 'viem';
import { SafeError } from '../errors/safe.js';
import { encodeSafeSignatures, type SafeSignatureEntry, type SafeSignatureKind, sortByOwner } from './encoding.js';

/** An owner's signature, ready for the Safe. */
export type SafeOwnerSignature = { owner: Address; signature: Hex };

/**
 * A contract owner's signature (an owner that is itself a Safe, or another ERC-1271 wallet): the
 * bytes the Safe hands to the owner's `isValidSignature(bytes data, bytes signature)`.
 */
export type SafeContractSignature = { owner: Address; signature: Hex };

export type AssembleSafeSignatureParameters = {
  /** The hash the Safe checks (`safeMessageHash` for an ERC-1271 approval). */
  hash: Hex;
  /** The Safe's owners and threshold, as read on the chain it is checked on. */
  owners: readonly Address[];
  threshold: number;
  /** Owners' ECDSA signatures, in any order; a value of n × 65 bytes is read as n signatures. */
  signatures: readonly Hex[];
  /** Contract owners' signatures (v = 0), in any order. */
  contractSignatures?: readonly SafeContractSignature[];
  /** Owners that approved `hash` on the Safe (v = 1); left out where the owner also signed. */
  approvedOwners?: readonly Address[];
  /** Names what was signed in errors (`the approval of 0x… (SafeMessage 0x…)`). */
  what: string;
};

export type AssembleSafeSignatureReturnType = {
  /** The signature bytes to hand to the Safe (`isValidSignature`, `execTransaction`). */
  signature: Hex;
  /** The owners who signed, ascending. */
  owners: Address[];
  /** How each of them signed, ascending by owner. */
  signers: { owner: Address; kind: SafeSignatureKind }[];
};

/**
 * Recovers each ECDSA signature to an owner, refuses a non-owner, an owner twice or fewer owners than
 * the threshold (`SafeError`: `not-owner`, `duplicate-owner`, `below-threshold`, `invalid-input`),
 * and returns the Safe's encoding of them all.
 */
export async function assembleSafeSignature({
  hash,
  owners,
  threshold,
  signatures,
  contractSignatures = [],
  approvedOwners = [],
  what,
}: AssembleSafeSignatureParameters): Promise<AssembleSafeSignatureReturnType> {
  const split = signatures.flatMap((value, i) => splitSignatures(value, i));
  const signed: SafeSignatureEntry[] = [];
  const add = (entry: SafeSignatureEntry) => {
    if (signed.some((s) => isAddressEqual(s.owner, entry.owner))) {
      throw new SafeError(`owner ${entry.owner} signed twice — keep one signature per owner`, {
        reason: 'duplicate-owner',
      });
    }
    signed.push(entry);
  };
  for (const [i, signature] of split.entries()) {
    const owned = await ownerSignature(hash, signature, owners);
    if (!owned) {
      const recovered = await recoverAddress({ hash, signature: normalizeV(signature) }).catch(() => undefined);
      throw new SafeError(
        `signature ${i + 1} is not an owner's signature of ${what}: it recovers to ${recovered ?? 'nothing'}, not to one of the Safe's owners (${owners.join(', ')})`,
        {
          reason: 'not-owner',
          metaMessages: [
            "It was made by another key, or over another message (another proposal's, another Safe's or another chain's).",
            'Have an owner sign the SafeMessage shown by `lockstep proposal safe-export` (Safe{Wallet}: sign message), then import it.',
          ],
        },
      );
    }
    add({ kind: 'ecdsa', ...owned });
  }
  for (const { owner, signature } of contractSignatures) {
    const known = owners.find((o) => isAddressEqual(o, owner));
    if (!known) {
      throw new SafeError(
        `${owner} gave a contract signature of ${what} but is not one of the Safe's owners (${owners.join(', ')})`,
        { reason: 'not-owner' },
      );
    }
    add({ kind: 'contract', owner: getAddress(known), signature });
  }
  for (const owner of approvedOwners) {
    if (!signed.some((s) => isAddressEqual(s.owner, owner))) add({ kind: 'approved-hash', owner: getAddress(owner) });
  }
  if (signed.length < threshold) {
    throw new SafeError(
      `${signed.length} of the Safe's owners signed ${what}; its threshold is ${threshold} of ${owners.length} — ${threshold - signed.length} more owner signature(s) needed`,
      {
        reason: 'below-threshold',
        metaMessages: [
          `Owners who have not signed: ${owners.filter((o) => !signed.some((s) => isAddressEqual(s.owner, o))).join(', ')}`,
        ],
      },
    );
  }
  const sorted = sortByOwner(signed);
  return {
    signature: encodeSafeSignatures(sorted),
    owners: sorted.map((s) => s.owner),
    signers: sorted.map(({ owner, kind }) => ({ owner, kind })),
  };
}

function splitSignatures(value: Hex, index: number): Hex[] {
  const length = size(value);
  if (length === 0 || length % 65 !== 0) {
    throw new SafeError(
      `signature value ${index + 1} is ${length} bytes: owners' ECDSA signatures are 65 bytes each (r ‖ s ‖ v)`,
      { reason: 'invalid-input' },
    );
  }
  return Array.from({ length: length / 65 }, (_, k) => slice(value, k * 65, (k + 1) * 65));
}

/** v 0/1 (some signers) → 27/28; v + 4 (the Safe's eth_sign marker) → 27/28. */
function normalizeV(signature: Hex): Hex {
  const v = Number.parseInt(signature.slice(-2), 16);
  const unmarked = v > 30 ? (`${signature.slice(0, -2)}${(v - 4).toString(16)}` as Hex) : signature;
  try {
    const { r, s, yParity } = parseSignature(unmarked);
    return serializeSignature({ r, s, yParity });
  } catch (cause) {
    throw new SafeError(`signature ${signature} has v = ${v}: expected 27/28 (or 0/1, or 31/32 for eth_sign)`, {
      reason: 'invalid-input',
      cause,
    });
  }
}

/**
 * The owner `signature` belongs to, in the Safe's encoding: a signature of `hash` itself (v 27/28),
 * or an `eth_sign` of it (encoded with v + 4); `undefined` when it recovers to no owner either way.
 */
async function ownerSignature(
  hash: Hex,
  signature: Hex,
  owners: readonly Address[],
): Promise<SafeOwnerSignature | undefined> {
  const plain = normalizeV(signature);
  const asOwner = (address: Address | undefined) => owners.find((o) => address && isAddressEqual(o, address));
  const direct = asOwner(await recoverAddress({ hash, signature: plain }).catch(() => undefined));
  if (direct) return { owner: getAddress(direct), signature: plain };
  const viaEthSign = asOwner(
    await recoverAddress({ hash: hashMessage({ raw: hash }), signature: plain }).catch(() => undefined),
  );
  if (!viaEthSign) return undefined;
  const v = Number.parseInt(plain.slice(-2), 16) + 4;
  return { owner: getAddress(viaEthSign), signature: `${plain.slice(0, -2)}${v.toString(16)}` as Hex };
}
