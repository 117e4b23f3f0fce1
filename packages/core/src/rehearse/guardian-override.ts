/**
 * On a fork the guardians' keys are not ours, so the rehearsal installs its own: the adapter keeps
 * each guardian set as a commitment (keys hash, size, quorum, expiry), and the fork's copy of the
 * current set's commitment is overwritten (anvil_setStorageAt) with that of rehearsal keys of the
 * same size and quorum. Every check of `deliver` still runs (set, quorum, ascending signers,
 * low s, recovery) against keys the rehearsal holds; the write happens outside any transaction,
 * so it is not among the storage changes the rehearsal checks. The same idea as Wormhole's
 * testing override, which installs generated guardian keys so tests sign real messages.
 */
import { guardianAdapterAbi } from '@lockstep/client';
import { type Address, encodeAbiParameters, type Hex, keccak256, pad, toHex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import type { GuardianSet } from '../guardian/guardian-set.js';
import { RehearsalError } from './errors.js';
import { type ForkedChain, setStorage } from './fork.js';

/** Storage slots searched for the adapter's guardian-set mapping (its declaration order). */
const MAPPING_SLOTS_SEARCHED = 16;

export type InstalledGuardianSet = GuardianSet & { privateKeys: Hex[] };

/**
 * Replaces the fork's current guardian set of `adapter` with rehearsal keys (same size and quorum)
 * and returns it. Throws `RehearsalError` (`unsupported-deployment`) when the set's storage is not
 * where a GuardianAdapter keeps it.
 */
export async function installRehearsalGuardians(chain: ForkedChain, adapter: Address): Promise<InstalledGuardianSet> {
  const read = { address: adapter, abi: guardianAdapterAbi } as const;
  const index = await chain.client.readContract({ ...read, functionName: 'currentGuardianSetIndex' });
  const [keysHash, size, quorum] = await chain.client.readContract({
    ...read,
    functionName: 'guardianSet',
    args: [index],
  });
  const slot = await findSetSlot(chain, adapter, index, keysHash);
  const privateKeys = Array.from({ length: size }, (_, i) => keccak256(toHex(`lockstep rehearsal guardian ${i}`)));
  privateKeys.sort((a, b) => (BigInt(privateKeyToAddress(a)) < BigInt(privateKeyToAddress(b)) ? -1 : 1));
  const keys = privateKeys.map((key) => privateKeyToAddress(key));
  const newHash = keccak256(`0x${keys.map((k) => pad(k).slice(2)).join('')}`);
  await setStorage(chain, adapter, slot, newHash);
  // size (8 bits), quorum (8 bits), expiresAt (40 bits, 0: the current set never expires).
  await setStorage(
    chain,
    adapter,
    toHex(BigInt(slot) + 1n, { size: 32 }),
    toHex(BigInt(size) | (BigInt(quorum) << 8n), { size: 32 }),
  );
  const [written] = await chain.client.readContract({ ...read, functionName: 'guardianSet', args: [index] });
  if (written !== newHash) {
    throw new RehearsalError(`${chain.network}: the rehearsal guardian set did not take on adapter ${adapter}`, {
      reason: 'unsupported-deployment',
    });
  }
  return { index, keys, quorum, privateKeys };
}

async function findSetSlot(chain: ForkedChain, adapter: Address, index: number, keysHash: Hex): Promise<Hex> {
  for (let p = 0n; p < BigInt(MAPPING_SLOTS_SEARCHED); p++) {
    const slot = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [BigInt(index), p]));
    if ((await chain.client.getStorageAt({ address: adapter, slot })) === keysHash) return slot;
  }
  throw new RehearsalError(
    `${chain.network}: adapter ${adapter} keeps guardian set ${index} where the rehearsal cannot find it — it is not a Lockstep GuardianAdapter`,
    { reason: 'unsupported-deployment' },
  );
}
