/**
 * Shapes shared by the fallback actions: the adapter's EIP-712 domain and `Ratification` type, a
 * member's signed ratification, and what to do about `ratify`'s reverts.
 */
import type { Address, Hex } from 'viem';
import { FallbackError } from '../errors/fallback.js';
import { messageId as computeMessageId, decodeMessage } from '../message/codec.js';
import { type DispatchedMessage, decodeDispatchedMessage, type HubLogFields } from '../message/dispatched.js';

/** The adapter's EIP-712 domain name and version (`EIP712("Lockstep Fallback Verifier", "1")`). */
export const FALLBACK_DOMAIN_NAME = 'Lockstep Fallback Verifier';
export const FALLBACK_DOMAIN_VERSION = '1';

/** The EIP-712 types of a ratification: `Ratification(bytes32 messageId)`. */
export const ratificationTypes = {
  Ratification: [{ name: 'messageId', type: 'bytes32' }],
} as const;

/** The typed data a fallback member signs to ratify one hub message on one chain. */
export type RatificationTypedData = {
  domain: { name: string; version: string; chainId: number; verifyingContract: Address };
  types: typeof ratificationTypes;
  primaryType: 'Ratification';
  message: { messageId: Hex };
};

/** A member's offline ratification: what `submitRatification` takes. */
export type SignedRatification = {
  messageId: Hex;
  /** The CouncilFallbackAdapter (the domain's `verifyingContract`). */
  adapter: Address;
  /** The chain whose adapter this signature is valid on (the domain's `chainId`). */
  chainId: number;
  /** The EIP-712 digest signed. */
  digest: Hex;
  signer: Address;
  signature: Hex;
};

/** A hub message as the fallback actions take it: its ABI-encoded bytes, or anything carrying them. */
export type FallbackMessageInput = Hex | { encoded: Hex };

/** Decodes a hub message (envelope and payload) and computes its id; malformed bytes are `invalid-input`. */
export function decodeFallbackMessage(input: FallbackMessageInput): Omit<DispatchedMessage, HubLogFields> {
  const encoded = typeof input === 'string' ? input : input.encoded;
  try {
    return decodeDispatchedMessage(computeMessageId(decodeMessage(encoded)), encoded);
  } catch (cause) {
    throw new FallbackError('the message bytes are not a Lockstep hub message — pass `encoded` from the hub log', {
      reason: 'invalid-input',
      cause,
    });
  }
}

/** What to do about the reverts a person can act on. */
export const RATIFY_HINTS: Readonly<Record<string, (args: readonly unknown[]) => string>> = {
  FallbackThresholdNotMet: ([got, need]) => `${got} signature(s), the fallback council needs ${need}; collect more`,
  FallbackNotMember: ([, signer]) => `${signer} is not a current member of this chain's fallback council`,
  FallbackSignatureInvalid: ([, signer]) =>
    `the signature filed under ${signer} is not its ratification of this message on this chain`,
  FallbackTooManySigners: ([count, max]) => `${count} signers, at most ${max}`,
  AdapterWrongDestination: ([dst, chainId]) => `the message is for chain ${dst}, not chain ${chainId}`,
  AdapterWrongReceiver: ([receiver, expected]) =>
    `the message names receiver ${receiver}, the adapter serves ${expected}`,
  AdapterUntrustedOrigin: ([chainId, sender]) => `the message comes from ${sender} on chain ${chainId}, not the hub`,
  ReceiverStaleEmergency: ([, nonce, last]) =>
    `a newer emergency (hub nonce ${last}) was already applied; this one (nonce ${nonce}) can never apply`,
  ReceiverExpired: () => 'the message expired on the receiver',
  AdapterMalformedMessage: ([position]) =>
    `the message is not in canonical form (malformed at byte ${position}); ratify the message exactly as the hub dispatched it`,
};
