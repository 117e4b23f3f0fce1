/**
 * The message a Safe's owners sign so that the Safe approves a digest by ERC-1271: Safe{Wallet}'s
 * "sign message" of a 32-byte hash. `CompatibilityFallbackHandler.isValidSignature(digest, sig)`
 * (Safe 1.3.0 and 1.4.1) checks `sig` as the owners' signatures of
 * `keccak256(0x1901 ‖ safe.domainSeparator() ‖ keccak256(abi.encode(SAFE_MSG_TYPEHASH, keccak256(abi.encode(digest)))))`:
 * the EIP-712 struct `SafeMessage(bytes message)` with `message = digest`, under the Safe's domain
 * `EIP712Domain(uint256 chainId, address verifyingContract)` (no name, no version).
 */
import { type Address, concat, getAddress, type Hex, hashDomain, hashStruct, hashTypedData } from 'viem';

/** The Safe's EIP-712 domain fields (Safe >= 1.3.0): what `eth_signTypedData_v4` JSON lists as `EIP712Domain`. */
export const safeDomainType = [
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
] as const;

/** The struct owners sign; the domain's type is implied by its fields (viem) or `safeDomainType` (JSON). */
export const safeMessageTypes = { SafeMessage: [{ name: 'message', type: 'bytes' }] } as const;

export type SafeMessageTypedData = {
  domain: { chainId: number; verifyingContract: Address };
  types: typeof safeMessageTypes;
  primaryType: 'SafeMessage';
  message: { message: Hex };
};

/** The typed data a Safe's owners sign (`eth_signTypedData_v4`) for the Safe to accept `digest`. */
export function safeMessageTypedData({
  safe,
  chainId,
  digest,
}: {
  safe: Address;
  chainId: number;
  digest: Hex;
}): SafeMessageTypedData {
  return {
    domain: { chainId, verifyingContract: getAddress(safe) },
    types: safeMessageTypes,
    primaryType: 'SafeMessage',
    message: { message: digest },
  };
}

/** The SafeMessage hash of `digest`: what each owner's ECDSA signature recovers from. */
export function safeMessageHash(parameters: { safe: Address; chainId: number; digest: Hex }): Hex {
  return hashTypedData(safeMessageTypedData(parameters));
}

/**
 * The SafeMessage's EIP-712 preimage `0x1901 ‖ domainSeparator ‖ structHash` (its keccak256 is
 * `safeMessageHash`): the `data` a Safe hands to a contract owner's `isValidSignature(bytes, bytes)`.
 * An owner that is itself a Safe accepts it when its own owners signed the SafeMessage of this data
 * under its own domain: `safeMessageTypedData({ safe: ownerSafe, chainId, digest: safeMessageData(...) })`.
 */
export function safeMessageData(parameters: { safe: Address; chainId: number; digest: Hex }): Hex {
  const { domain, types, primaryType, message } = safeMessageTypedData(parameters);
  return concat([
    '0x1901',
    hashDomain({ domain: { ...domain, chainId: BigInt(domain.chainId) }, types: { EIP712Domain: safeDomainType } }),
    hashStruct({ data: message, primaryType, types }),
  ]);
}
