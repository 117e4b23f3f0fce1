/**
 * Decodes each storage change of a rehearsal and judges it against what the proposal implies: each
 * proxy's implementation slot moves to the new implementation; the receiver's registry records it
 * (one installed-implementation word and the codehash); the receiver's record of each delivered
 * message; the hub's, council's and timelock's records of the proposal (and the code the council
 * deploys to keep its timelock call). Anything the proposal file
 * declares (`rehearsal.expectedChanges`) is expected too. Everything else is unexpected: a changed
 * owner, a granted or revoked role, an admin or beacon slot, moved ETH, new code, an unknown slot.
 */
import { type Address, getAddress, type Hex, isAddressEqual, pad, sliceHex } from 'viem';
import type { ProposalAction } from '../proposal/document.js';
import {
  ACCESS_CONTROL_NAMESPACE,
  EIP1967_ADMIN_SLOT,
  EIP1967_BEACON_SLOT,
  EIP1967_IMPLEMENTATION_SLOT,
  INITIALIZABLE_NAMESPACE,
  KNOWN_ROLES,
  OWNABLE_NAMESPACE,
  OWNABLE2STEP_NAMESPACE,
  ROLE_BASE_SLOTS_SEARCHED,
  receiverMessageSlot,
  registryEntrySlots,
  roleMemberSlot,
} from './slots.js';
import type { RawChange } from './storage-diff.js';
import type { SlotKind, StorageChange } from './types.js';

/** A change the proposal file declares as intended (its actions' `data`, say). */
export type DeclaredChange = { chainId: number; address: Address; slot: Hex; value?: Hex; reason: string };

/** A role granted or revoked in one of the rehearsal's transactions (AccessControl events). */
export type RoleEvent = { contract: Address; role: Hex; account: Address; granted: boolean };

/** An owner (or pending owner) that differs after the rehearsal, read through `owner()` / `pendingOwner()`. */
export type OwnerChange = { contract: Address; kind: 'owner' | 'pending-owner'; before: Address; after: Address };

/** What one chain of the rehearsal is expected to change. */
export type ChainExpectations = {
  chainId: number;
  /** The proposal's actions on this chain. */
  actions: readonly ProposalAction[];
  /** The chain's receiver and its registry (absent on a hub with no action). */
  receiver?: Address;
  registry?: Address;
  /** The messages delivered to this chain's receiver. */
  messageIds: readonly Hex[];
  /** Council, timelock and hub (on the hub chain): their records of the proposal are expected. */
  hubContracts: readonly Address[];
  /**
   * The contracts the council created to keep this proposal's timelock call as code
   * (`proposalCallCode`, on the hub chain): their creation is expected, no other new code is.
   */
  councilCallCode: readonly Address[];
  declared: readonly DeclaredChange[];
  /** Accounts whose balance moves with gas (senders, the block's fee recipient): not reported. */
  exempt: readonly Address[];
  roleEvents: readonly RoleEvent[];
  ownerChanges: readonly OwnerChange[];
};

type Verdict = { kind: SlotKind; label: string; expected: boolean; reason: string; declared?: true };

/** Merges per-transaction changes into one per account and slot, then decodes and judges each. */
export function classifyChanges(
  expectations: ChainExpectations,
  perTransaction: readonly { hash: Hex; changes: readonly RawChange[] }[],
): StorageChange[] {
  const merged = new Map<string, Omit<StorageChange, 'kind' | 'label' | 'expected' | 'reason'>>();
  for (const { hash, changes } of perTransaction) {
    for (const change of changes) {
      if (change.slot === 'balance' && expectations.exempt.some((a) => isAddressEqual(a, change.address))) continue;
      const key = `${change.address}:${change.slot}`;
      const seen = merged.get(key);
      if (seen) {
        seen.to = change.to;
        seen.transactions.push(hash);
      } else merged.set(key, { chainId: expectations.chainId, ...change, transactions: [hash] });
    }
  }
  return [...merged.values()].map((change) => ({ ...change, ...judge(expectations, change) }));
}

function judge(e: ChainExpectations, change: Pick<StorageChange, 'address' | 'slot' | 'from' | 'to'>): Verdict {
  const verdict = decode(e, change);
  if (verdict.expected) return verdict;
  const declared = e.declared.find(
    (d) =>
      d.chainId === e.chainId &&
      isAddressEqual(d.address, change.address) &&
      change.slot !== 'balance' &&
      change.slot !== 'code' &&
      BigInt(d.slot) === BigInt(change.slot) &&
      (d.value === undefined || BigInt(d.value) === BigInt(change.to)),
  );
  if (!declared) return verdict;
  return {
    ...verdict,
    kind: verdict.kind === 'unknown' ? 'declared' : verdict.kind,
    expected: true,
    declared: true,
    reason: `declared in the proposal file: ${declared.reason}`,
  };
}

function decode(e: ChainExpectations, change: Pick<StorageChange, 'address' | 'slot' | 'from' | 'to'>): Verdict {
  const { address, slot, from, to } = change;
  const unexpected = (kind: SlotKind, label: string, reason: string): Verdict => ({
    kind,
    label,
    expected: false,
    reason,
  });
  if (slot === 'balance')
    return unexpected(
      'unknown',
      `ETH balance of ${address}: ${BigInt(from)} → ${BigInt(to)} wei`,
      'no upgrade moves ETH',
    );
  if (slot === 'code' && from === '0x' && e.councilCallCode.some((c) => isAddressEqual(c, address)))
    return {
      kind: 'hub-record',
      label: `council's copy of the proposal's timelock call, kept as the code of ${address}`,
      expected: true,
      reason: 'the council keeping the call it will schedule (proposalCallCode)',
    };
  if (slot === 'code')
    return unexpected(
      'unknown',
      `code of ${address} (${from === '0x' ? 'created' : 'changed'})`,
      'no upgrade deploys or destroys code',
    );
  const arrow = `${asAddress(from)} → ${asAddress(to)}`;
  const action = e.actions.find((a) => isAddressEqual(a.proxy, address));

  switch (slot) {
    case EIP1967_IMPLEMENTATION_SLOT: {
      const label = `implementation of ${address} (EIP-1967): ${arrow}`;
      if (!action) return unexpected('eip1967-implementation', label, 'the proposal upgrades no proxy at this address');
      return isAddressEqual(asAddress(to), action.implementation)
        ? { kind: 'eip1967-implementation', label, expected: true, reason: 'the action’s new implementation' }
        : unexpected('eip1967-implementation', label, `the action names ${action.implementation}`);
    }
    case EIP1967_ADMIN_SLOT:
      return unexpected(
        'eip1967-admin',
        `proxy admin of ${address} (EIP-1967): ${arrow}`,
        'an upgrade keeps the proxy’s admin',
      );
    case EIP1967_BEACON_SLOT:
      return unexpected(
        'eip1967-beacon',
        `beacon of ${address} (EIP-1967): ${arrow}`,
        'an upgrade keeps the proxy’s beacon',
      );
    case OWNABLE_NAMESPACE:
      return unexpected('owner', `owner of ${address} (Ownable): ${arrow}`, 'an upgrade keeps the owner');
    case OWNABLE2STEP_NAMESPACE:
      return unexpected(
        'pending-owner',
        `pending owner of ${address} (Ownable2Step): ${arrow}`,
        'an upgrade starts no ownership transfer',
      );
    case INITIALIZABLE_NAMESPACE:
      return unexpected(
        'initializer',
        `initializer version of ${address} (Initializable): ${BigInt(from)} → ${BigInt(to)}`,
        'a reinitializer ran: declare it in the proposal file if it is meant to',
      );
  }
  const role = roleChange(e, address, slot);
  if (role) return unexpected('role', role, 'an upgrade grants and revokes no role');
  const owner = e.ownerChanges.find(
    (o) =>
      isAddressEqual(o.contract, address) &&
      isAddressEqual(asAddress(from), o.before) &&
      isAddressEqual(asAddress(to), o.after),
  );
  if (owner)
    return unexpected(
      owner.kind,
      `${owner.kind === 'owner' ? 'owner' : 'pending owner'} of ${address}: ${owner.before} → ${owner.after}`,
      'an upgrade keeps the owner',
    );
  if (e.registry && isAddressEqual(address, e.registry)) return registryChange(e, slot, to);
  if (e.receiver && isAddressEqual(address, e.receiver)) {
    const id = e.messageIds.find((m) => BigInt(receiverMessageSlot(m)) === BigInt(slot));
    return id
      ? {
          kind: 'receiver-message',
          label: `receiver's record of message ${id}`,
          expected: true,
          reason: 'the message delivered and executed here',
        }
      : unexpected('unknown', `receiver ${address} slot ${slot}`, 'not the record of a message of this proposal');
  }
  if (e.hubContracts.some((c) => isAddressEqual(c, address))) {
    return {
      kind: 'hub-record',
      label: `hub record at ${address} slot ${slot}`,
      expected: true,
      reason: 'the council, timelock or hub recording this proposal',
    };
  }
  return unexpected(
    'unknown',
    `${address} slot ${slot}: ${from} → ${to}`,
    'not implied by the proposal, nor declared in the file',
  );
}

function registryChange(e: ChainExpectations, slot: Hex, to: Hex): Verdict {
  for (const action of e.actions) {
    const entry = registryEntrySlots(action.proxy);
    if (entry.installed.some((s) => BigInt(s) === BigInt(slot))) {
      const implementation = asAddress(to);
      const label = `registry entry of ${action.proxy}: installed implementation ${implementation} (version ${BigInt(sliceHex(to, 4, 12))})`;
      return isAddressEqual(implementation, action.implementation)
        ? { kind: 'registry-entry', label, expected: true, reason: 'the registry recording the new implementation' }
        : { kind: 'registry-entry', label, expected: false, reason: `the action names ${action.implementation}` };
    }
    if (BigInt(entry.codehash) === BigInt(slot)) {
      const label = `registry entry of ${action.proxy}: codehash ${to}`;
      return to === action.codehash
        ? { kind: 'registry-entry', label, expected: true, reason: 'the approved codehash' }
        : { kind: 'registry-entry', label, expected: false, reason: `the action's codehash is ${action.codehash}` };
    }
  }
  return {
    kind: 'registry-entry',
    label: `registry ${e.registry} slot ${slot}`,
    expected: false,
    reason: 'not the entry of a proxy this proposal upgrades',
  };
}

function roleChange(e: ChainExpectations, address: Address, slot: Hex): string | undefined {
  for (const event of e.roleEvents) {
    if (!isAddressEqual(event.contract, address)) continue;
    const bases = [
      BigInt(ACCESS_CONTROL_NAMESPACE),
      ...Array.from({ length: ROLE_BASE_SLOTS_SEARCHED }, (_, i) => BigInt(i)),
    ];
    if (bases.some((base) => BigInt(roleMemberSlot(base, event.role, event.account)) === BigInt(slot))) {
      const name = KNOWN_ROLES[event.role] ?? event.role;
      return `role ${name} of ${address} ${event.granted ? 'granted to' : 'revoked from'} ${event.account} (AccessControl)`;
    }
  }
  return undefined;
}

/** The address in a storage word's low 20 bytes. */
function asAddress(word: Hex): Address {
  return getAddress(sliceHex(pad(word), 12));
}
