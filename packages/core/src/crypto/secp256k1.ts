/**
 * secp256k1 over 32-byte digests: signing and signer recovery, in libsecp256k1 (the `secp256k1`
 * package's prebuilt N-API binary) where it loads, otherwise in JavaScript through viem (@noble/curves).
 *
 * Why: these are the costliest things Lockstep does off chain. A 128-chain drill signs and recovers
 * ~2,000 guardian attestations; in JavaScript that is ~0.5 ms a signature and ~1.5 ms a recovery,
 * in libsecp256k1 ~0.04 ms and ~0.06 ms. Both paths give the same answers: RFC 6979 nonces with no
 * extra entropy and low-s signatures, as viem signs (the tests compare them byte for byte).
 *
 * Trust: libsecp256k1 is Bitcoin Core's library. The binary ships inside the npm package (checked
 * by the lockfile's integrity hash); nothing is compiled at install. Set `LOCKSTEP_SECP256K1=js` to
 * use only the JavaScript path.
 */
import { createRequire } from 'node:module';
import {
  type Address,
  bytesToHex,
  type Hex,
  hexToBigInt,
  hexToBytes,
  isHex,
  numberToHex,
  recoverAddress,
  type Signature,
  serializeSignature,
} from 'viem';
import { publicKeyToAddress, sign } from 'viem/accounts';

/** The part of the `secp256k1` package's binding Lockstep uses. */
type NativeSecp256k1 = {
  ecdsaSign(message: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number };
  ecdsaRecover(signature: Uint8Array, recid: number, message: Uint8Array, compressed: boolean): Uint8Array;
};

let native: NativeSecp256k1 | null | undefined;

/** The libsecp256k1 binding, or `null` where it does not load (another platform) or is turned off. */
function binding(): NativeSecp256k1 | null {
  if (native !== undefined) return native;
  native = null;
  if (process.env.LOCKSTEP_SECP256K1 === 'js') return native;
  try {
    // `bindings` is the native build only: the package's main module would fall back to elliptic.
    native = createRequire(import.meta.url)('secp256k1/bindings') as NativeSecp256k1;
  } catch {
    native = null;
  }
  return native;
}

/** Which implementation signs and recovers in this process. */
export function secp256k1Backend(): 'libsecp256k1' | 'javascript' {
  return binding() ? 'libsecp256k1' : 'javascript';
}

/** The group order n: r and s are in [1, n). */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export type SignDigestParameters = { hash: Hex; privateKey: Hex };

/** Signs a 32-byte digest: the 65-byte `r ‖ s ‖ v` (v 27 or 28), exactly what viem's `sign({ to: 'hex' })` returns. */
export async function signDigest({ hash, privateKey }: SignDigestParameters): Promise<Hex> {
  const lib = binding();
  if (!lib || !is32Bytes(hash) || !is32Bytes(privateKey)) return sign({ hash, privateKey, to: 'hex' });
  const { signature, recid } = lib.ecdsaSign(hexToBytes(hash), hexToBytes(privateKey));
  return serializeSignature({
    r: bytesToHex(signature.subarray(0, 32)),
    s: bytesToHex(signature.subarray(32, 64)),
    yParity: recid,
  });
}

export type RecoverDigestSignerParameters = {
  /** The 32-byte digest that was signed. */
  hash: Hex;
  /** `r`, `s` and `v` (27/28) or `yParity`, or the 65-byte serialised signature. */
  signature: Hex | (Pick<Signature, 'r' | 's'> & ({ v: bigint } | { yParity: number }));
};

/**
 * The address whose key signed `hash`; throws when the signature recovers to no point, as viem's
 * `recoverAddress` does. Any form the fast path does not take (an EIP-155 `v`, another length) goes
 * to viem, so every input gets viem's answer.
 */
export async function recoverDigestSigner({ hash, signature }: RecoverDigestSignerParameters): Promise<Address> {
  const lib = binding();
  const compact = lib && is32Bytes(hash) ? toCompact(signature) : undefined;
  if (!lib || !compact) return recoverAddress({ hash, signature });
  let publicKey: Uint8Array;
  try {
    publicKey = lib.ecdsaRecover(compact.bytes, compact.recid, hexToBytes(hash), false);
  } catch (cause) {
    throw new Error('the signature recovers to no public key', { cause });
  }
  return publicKeyToAddress(bytesToHex(publicKey));
}

/** `r ‖ s` as 64 bytes and the recovery bit, or undefined for a form left to viem. */
function toCompact(
  signature: RecoverDigestSignerParameters['signature'],
): { bytes: Uint8Array; recid: number } | undefined {
  let r: bigint;
  let s: bigint;
  let parity: number | bigint;
  if (typeof signature === 'string') {
    if (!isHex(signature) || signature.length !== 132) return undefined;
    r = hexToBigInt(`0x${signature.slice(2, 66)}`);
    s = hexToBigInt(`0x${signature.slice(66, 130)}`);
    parity = Number.parseInt(signature.slice(130), 16);
  } else {
    if (!isHex(signature.r) || !isHex(signature.s) || signature.r.length > 66 || signature.s.length > 66)
      return undefined;
    r = hexToBigInt(signature.r);
    s = hexToBigInt(signature.s);
    parity =
      'yParity' in signature && signature.yParity !== undefined ? signature.yParity : (signature as { v: bigint }).v;
  }
  const recid = toRecoveryBit(parity);
  if (recid === undefined || r === 0n || s === 0n || r >= N || s >= N) return undefined;
  const bytes = new Uint8Array(64);
  bytes.set(hexToBytes(numberToHex(r, { size: 32 })), 0);
  bytes.set(hexToBytes(numberToHex(s, { size: 32 })), 32);
  return { bytes, recid };
}

function toRecoveryBit(parity: number | bigint): 0 | 1 | undefined {
  const value = Number(parity);
  if (value === 0 || value === 27) return 0;
  if (value === 1 || value === 28) return 1;
  return undefined;
}

function is32Bytes(value: Hex): boolean {
  return isHex(value) && value.length === 66;
}
