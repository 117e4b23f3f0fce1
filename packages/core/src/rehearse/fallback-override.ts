/**
 * On a fork the fallback council's keys are not ours either, so for a receiver that wants the
 * council fallback adapter's confirmation too (k = 2) the rehearsal installs its own members: the
 * adapter keeps the current set as an array (`_members`, what `members()` returns) and a membership
 * mapping (`_membership[account] = nonce + 1`, what `ratify` checks). On the fork each real member
 * is retired from the mapping and rehearsal keys of the same number are made members, under the same
 * nonce and threshold. Every check of `ratify` still runs (threshold, ascending signers, current
 * membership, low-s recovery over the adapter's EIP-712 digest) against keys the rehearsal holds;
 * the writes (anvil_setStorageAt) are not transactions, so they are not among the checked changes.
 */
import { councilFallbackAdapterAbi } from '@lockstep/client';
import {
  type Address,
  encodeAbiParameters,
  type Hex,
  isAddressEqual,
  keccak256,
  type LocalAccount,
  pad,
  toHex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { RehearsalError } from './errors.js';
import { type ForkedChain, setStorage } from './fork.js';

/** Storage slots searched for the adapter's member array and membership mapping (declaration order). */
const SLOTS_SEARCHED = 16n;

export type InstalledFallbackCouncil = {
  /** The rotation nonce the set is current under (unchanged). */
  nonce: number;
  threshold: number;
  /** The rehearsal members, ascending; each a key the rehearsal holds. */
  accounts: LocalAccount[];
};

/**
 * Replaces the fork's current fallback council of `adapter` with rehearsal keys (same size,
 * threshold and nonce) and returns them. Throws `RehearsalError` (`unsupported-deployment`) when
 * the set's storage is not where a CouncilFallbackAdapter keeps it, or the write did not take.
 */
export async function installRehearsalFallbackCouncil(
  chain: ForkedChain,
  adapter: Address,
): Promise<InstalledFallbackCouncil> {
  const read = { address: adapter, abi: councilFallbackAdapterAbi } as const;
  const [members, threshold, nonce] = await Promise.all([
    chain.client.readContract({ ...read, functionName: 'members' }),
    chain.client.readContract({ ...read, functionName: 'threshold' }),
    chain.client.readContract({ ...read, functionName: 'rotationNonce' }),
  ]);
  const current = toHex(BigInt(nonce) + 1n, { size: 32 });
  const arraySlot = await findMembersArray(chain, adapter, members);
  const mappingSlot = await findMembershipMapping(chain, adapter, members[0] as Address, current);
  const accounts = members
    .map((_, i) => privateKeyToAccount(keccak256(toHex(`lockstep rehearsal fallback member ${i}`))))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const element = BigInt(keccak256(pad(toHex(arraySlot))));
  for (const [i, old] of members.entries()) {
    await setStorage(chain, adapter, membershipSlot(old, mappingSlot), pad('0x0'));
    await setStorage(chain, adapter, toHex(element + BigInt(i), { size: 32 }), pad(accounts[i]?.address as Address));
  }
  for (const account of accounts)
    await setStorage(chain, adapter, membershipSlot(account.address, mappingSlot), current);

  const written = await chain.client.readContract({ ...read, functionName: 'members' });
  const retired = await chain.client.readContract({ ...read, functionName: 'isMember', args: [members[0] as Address] });
  const took =
    written.length === accounts.length && written.every((m, i) => isAddressEqual(m, accounts[i]?.address as Address));
  if (!took || retired) {
    throw new RehearsalError(`${chain.network}: the rehearsal fallback council did not take on adapter ${adapter}`, {
      reason: 'unsupported-deployment',
    });
  }
  return { nonce, threshold, accounts };
}

function membershipSlot(account: Address, mappingSlot: bigint): Hex {
  return keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [account, mappingSlot]));
}

/** The slot of `address[] _members`: its length there, its first element at keccak256(slot). */
async function findMembersArray(chain: ForkedChain, adapter: Address, members: readonly Address[]): Promise<bigint> {
  for (let p = 0n; p < SLOTS_SEARCHED; p++) {
    const length = await chain.client.getStorageAt({ address: adapter, slot: toHex(p, { size: 32 }) });
    if (BigInt(length ?? '0x0') !== BigInt(members.length)) continue;
    const first = await chain.client.getStorageAt({ address: adapter, slot: keccak256(pad(toHex(p))) });
    if (first && BigInt(first) === BigInt(members[0] as Address)) return p;
  }
  throw notFound(chain, adapter, 'member list');
}

/** The slot of `mapping(address => uint32) _membership`: a member's entry holds `nonce + 1`. */
async function findMembershipMapping(
  chain: ForkedChain,
  adapter: Address,
  member: Address,
  current: Hex,
): Promise<bigint> {
  for (let p = 0n; p < SLOTS_SEARCHED; p++) {
    const word = await chain.client.getStorageAt({ address: adapter, slot: membershipSlot(member, p) });
    if (word && BigInt(word) === BigInt(current)) return p;
  }
  throw notFound(chain, adapter, 'membership mapping');
}

function notFound(chain: ForkedChain, adapter: Address, what: string): RehearsalError {
  return new RehearsalError(
    `${chain.network}: adapter ${adapter} keeps its fallback council's ${what} where the rehearsal cannot find it — it is not a Lockstep CouncilFallbackAdapter, so its members cannot be stood in for`,
    { reason: 'unsupported-deployment' },
  );
}
