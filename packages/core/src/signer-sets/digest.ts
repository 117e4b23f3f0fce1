/**
 * A signer set (a council, a guardian set, fallback members) reduced to one comparable value: the
 * digest of its members and threshold. The monitor compares the sets each chain's events install;
 * the `chain-consistency` gate compares the sets each chain's contracts hold now.
 */
import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem';

/** keccak256(abi.encode(members ascending, threshold)): equal for equal sets whatever the order read. */
export function signerSetDigest(members: readonly string[], threshold: number): Hex {
  const sorted = [...members].map((m) => m.toLowerCase() as Address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return keccak256(encodeAbiParameters([{ type: 'address[]' }, { type: 'uint256' }], [sorted, BigInt(threshold)]));
}
