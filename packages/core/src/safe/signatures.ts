/**
 * Assembles the signature bytes a Safe checks (`Safe.checkSignatures`): its owners' 65-byte ECDSA
 * signatures `r ‖ s ‖ v`, concatenated in strictly ascending owner order. `v` is 27/28 for a
 * signature of the hash itself (EIP-712 `eth_signTypedData`), 31/32 (v + 4) for an `eth_sign`
 * (`personal_sign`) of it. Contract owners (v = 0) and pre-approved hashes (v = 1) are not built here.
 */
import {
  type Address,
  concat,
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

/** An owner's signature, ready for the Safe. */
export type SafeOwnerSignature = { owner: Address; signature: Hex };

export type AssembleSafeSignatureParameters = {
  /** The hash the Safe checks (`safeMessageHash` for an ERC-1271 approval). */
  hash: Hex;
  /** The Safe's owners and threshold, as read on the chain it is checked on. */
  owners: readonly Address[];
  threshold: number;
  /** Owners' signatures, in any order; a value of n × 65 bytes is read as n signatures. */
  signatures: readonly Hex[];
  /** Names what was signed in errors (`the approval of 0x… (SafeMessage 0x…)`). */
  what: string;
};

export type AssembleSafeSignatureReturnType = {
  /** The signature bytes to hand to the Safe (`isValidSignature`, `execTransaction`). */
  signature: Hex;
  /** The owners who signed, ascending. */
  owners: Address[];
};

/**
 * Recovers each signature to an owner, refuses a non-owner, an owner twice or fewer owners than the
 * threshold (`SafeError`: `not-owner`, `duplicate-owner`, `below-threshold`, `invalid-input`), and
 * returns the Safe's encoding of them.
 */
export async function assembleSafeSignature({
  hash,
  owners,
  threshold,
  signatures,
  what,
}: AssembleSafeSignatureParameters): Promise<AssembleSafeSignatureReturnType> {
  const split = signatures.flatMap((value, i) => splitSignatures(value, i));
  const signed: SafeOwnerSignature[] = [];
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
    if (signed.some((s) => isAddressEqual(s.owner, owned.owner))) {
      throw new SafeError(`owner ${owned.owner} signed twice — keep one signature per owner`, {
        reason: 'duplicate-owner',
      });
    }
    signed.push(owned);
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
  signed.sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1));
  return { signature: concat(signed.map((s) => s.signature)), owners: signed.map((s) => s.owner) };
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
