/**
 * A guardian's attestation of a hub message: an EIP-712 signature of the message (its struct hash
 * is the message id) under the destination GuardianAdapter's domain, i.e.
 * `keccak256("\x19\x01" ‖ domainSeparator ‖ messageId)`, what `GuardianAdapter.attestationDigest` returns.
 */
import {
  type Address,
  concat,
  encodeAbiParameters,
  getAddress,
  type Hex,
  isAddressEqual,
  keccak256,
  type LocalAccount,
  parseAbiParameters,
  parseSignature,
  toHex,
} from 'viem';
import type { LockstepConfig } from '../config/schema.js';
import { recoverSigner } from '../crypto/recover-signer.js';
import { GuardianRefusalError, type GuardianRefusalErrorType } from '../errors/guardian.js';
import { type LockstepMessage, messageId, messageStruct, messageTypes } from '../message/codec.js';
import { setBounded } from '../utils/bounded-map.js';

/** The GuardianAdapter's EIP-712 domain name and version. */
export const GUARDIAN_DOMAIN_NAME = 'Lockstep Guardian Bridge';
export const GUARDIAN_DOMAIN_VERSION = '1';

const DOMAIN_TYPEHASH = keccak256(
  toHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
);
const domainParameters = parseAbiParameters(
  'bytes32 typeHash, bytes32 name, bytes32 version, uint256 chainId, address verifyingContract',
);
const NAME_HASH = keccak256(toHex(GUARDIAN_DOMAIN_NAME));
const VERSION_HASH = keccak256(toHex(GUARDIAN_DOMAIN_VERSION));

/**
 * `GuardianAdapter.attestationDigest(messageId)` on chain `dstChainId`:
 * `keccak256("\x19\x01" ‖ domainSeparator ‖ messageId)`, the hash of `attestationTypedData` (tested
 * equal to viem's `hashTypedData` of it and to the contract's). Three hashes, where hashing the typed
 * data hashes the message and both type strings again: what a guardian signs and a monitor recovers.
 */
export function attestationDigest({ message, adapter }: AttestationTypedDataParameters): Hex {
  return digestOf(message.dstChainId, adapter, messageId(message));
}

function digestOf(dstChainId: bigint, adapter: Address, id: Hex): Hex {
  return keccak256(concat(['0x1901', domainSeparator(dstChainId, adapter), id]));
}

/**
 * Domain separators kept, by destination and adapter exactly as given (so an adapter that fails the
 * address check fails it every time). A deployment has a handful; the bound is for a monitor that
 * recovers messages naming any chain id. The oldest goes first.
 */
const SEPARATORS_KEPT = 1024;
const separators = new Map<string, Hex>();

/**
 * `GuardianAdapter`'s EIP-712 domain separator on `dstChainId`: the same for every message to that
 * chain, so it is hashed once (it is half of a digest's hashing, and a 128-chain relay takes
 * thousands of digests).
 */
function domainSeparator(dstChainId: bigint, adapter: Address): Hex {
  const key = `${dstChainId}:${adapter}`;
  const known = separators.get(key);
  if (known !== undefined) return known;
  const separator = keccak256(
    encodeAbiParameters(domainParameters, [DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, dstChainId, adapter]),
  );
  return setBounded(separators, key, separator, SEPARATORS_KEPT);
}

export type AttestationTypedDataParameters = {
  message: LockstepMessage;
  /** The destination chain's GuardianAdapter (the same address on every chain). */
  adapter: Address;
};

/**
 * The EIP-712 typed data a guardian signs for `message`: domain {name "Lockstep Guardian Bridge",
 * version "1", chainId = the message's destination, verifyingContract = `adapter`}, primary type
 * `Message` with the payload by hash. Any EIP-712 signer (a wallet, a KMS) can sign it.
 */
export function attestationTypedData({ message, adapter }: AttestationTypedDataParameters) {
  return {
    domain: {
      name: GUARDIAN_DOMAIN_NAME,
      version: GUARDIAN_DOMAIN_VERSION,
      chainId: message.dstChainId,
      verifyingContract: getAddress(adapter),
    },
    types: messageTypes,
    primaryType: 'Message',
    message: messageStruct(message),
  } as const;
}

/** A 65-byte secp256k1 signature split as the contracts take it: `v` is 27 or 28, `s` is low. */
export type AttestationSignature = { v: number; r: Hex; s: Hex };

/** One guardian's signed attestation of one message for its destination chain. */
export type Attestation = {
  messageId: Hex;
  dstChainId: number;
  /** The guardian's address. */
  signer: Address;
  signature: AttestationSignature;
};

export type SignAttestationParameters = {
  message: LockstepMessage;
  /** The destination's GuardianAdapter (the same address on every chain). */
  adapter: Address;
  /** The config: the hub network (chain id, finality depth) and the destinations the guardian serves. */
  config: Pick<LockstepConfig, 'networks'>;
  /** The GovernanceHub's address, the only accepted sender. */
  hub: Address;
  /**
   * Where the message was read, from the hub chain itself: the block of its `MessageDispatched`
   * log and the hub's current head. Never take these (or the message) from a client.
   */
  finality: { blockNumber: bigint; head: bigint };
};

export type SignAttestationReturnType = Attestation;

export type SignAttestationErrorType = GuardianRefusalErrorType;

/**
 * Signs the attestation of `message` with the guardian's `account`, after checking that the
 * message comes from the configured hub (chain id and GovernanceHub address), goes to a network of
 * the config, and sits in a final hub block (`blockNumber ≤ head − finalityDepth` of the hub
 * network). Throws `GuardianRefusalError` (reason `wrong-source`, `unknown-destination`, `not-final`)
 * otherwise, and signs nothing.
 *
 * @example
 * const attestation = await signAttestation(guardian, { message, adapter, config, hub, finality: { blockNumber, head } })
 */
export async function signAttestation(
  account: Pick<LocalAccount, 'address' | 'signTypedData'> & Partial<Pick<LocalAccount, 'sign'>>,
  parameters: SignAttestationParameters,
): Promise<SignAttestationReturnType> {
  const { message, adapter, config, hub, finality } = parameters;
  checkAttestable({ message, config, hub, finality });
  const id = messageId(message);
  // A key that signs digests signs the typed data's hash, taken here; any other EIP-712 signer gets the typed data.
  const serialized = account.sign
    ? await account.sign({ hash: digestOf(message.dstChainId, adapter, id) })
    : await account.signTypedData(attestationTypedData({ message, adapter }));
  return {
    messageId: id,
    dstChainId: Number(message.dstChainId),
    signer: getAddress(account.address),
    signature: splitSignature(serialized),
  };
}

/** Throws `GuardianRefusalError` unless a guardian may attest `message` (see `signAttestation`). */
export function checkAttestable({ message, config, hub, finality }: Omit<SignAttestationParameters, 'adapter'>): void {
  const hubNetwork = config.networks.find((network) => network.role === 'hub');
  if (!hubNetwork || BigInt(hubNetwork.chainId) !== message.srcChainId || !isAddressEqual(message.sender, hub)) {
    throw new GuardianRefusalError(
      `message from ${message.sender} on chain ${message.srcChainId} is not from the GovernanceHub ${hub} on the hub chain ${hubNetwork?.chainId ?? '(none)'}`,
      { reason: 'wrong-source' },
    );
  }
  if (!config.networks.some((network) => BigInt(network.chainId) === message.dstChainId)) {
    throw new GuardianRefusalError(`destination chain ${message.dstChainId} is not a network of the config`, {
      reason: 'unknown-destination',
    });
  }
  const finalized = finality.head - BigInt(hubNetwork.finalityDepth);
  if (finality.blockNumber > finalized) {
    throw new GuardianRefusalError(
      `hub block ${finality.blockNumber} is not final yet (head ${finality.head}, finality depth ${hubNetwork.finalityDepth})`,
      { reason: 'not-final' },
    );
  }
}

/** Splits a 65-byte signature into `{ v: 27 | 28, r, s }`. */
export function splitSignature(signature: Hex): AttestationSignature {
  const { r, s, yParity } = parseSignature(signature);
  return { v: yParity + 27, r, s };
}

export type RecoverAttestationSignerParameters = AttestationTypedDataParameters & {
  signature: AttestationSignature;
};

/**
 * The address that signed `signature` as an attestation of `message` for `adapter` (each distinct
 * signature is recovered once per process: `recoverSigner`).
 */
export async function recoverAttestationSigner({
  message,
  adapter,
  signature,
}: RecoverAttestationSignerParameters): Promise<Address> {
  // The adapter takes only 27/28 (OpenZeppelin's ECDSA); a 0/1 `v` would recover here but not there.
  if (signature.v !== 27 && signature.v !== 28) throw new RangeError(`signature v is ${signature.v}, not 27 or 28`);
  return recoverSigner({
    hash: attestationDigest({ message, adapter }),
    signature: { r: signature.r, s: signature.s, v: BigInt(signature.v) },
  });
}

/** `IGuardianAdapter.GuardianSignature`: a signature tagged with its signer's index in the set. */
export type GuardianSignature = { index: number; v: number; r: Hex; s: Hex };

/**
 * Orders attestations of one message as `GuardianAdapter.deliver` wants them: each tagged with its
 * signer's position in `keys` (the set's ascending key list), ascending, one per signer. Throws
 * when a signer is not in the set.
 */
export function toGuardianSignatures(
  attestations: readonly Pick<Attestation, 'signer' | 'signature'>[],
  keys: readonly Address[],
): GuardianSignature[] {
  const byIndex = new Map<number, GuardianSignature>();
  for (const { signer, signature } of attestations) {
    const index = keys.findIndex((key) => isAddressEqual(key, signer));
    if (index < 0) {
      throw new GuardianRefusalError(`${signer} is not in the guardian set`, { reason: 'unknown-signer' });
    }
    byIndex.set(index, { index, ...signature });
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}
