/**
 * Shapes shared by the council actions: the clients they take, proposal kinds and states, and one
 * upgrade action as the council stores it.
 */
import type { Address, Hex } from 'viem';
import type { ReadClient, SignerClient } from '../chain/types.js';

/** A client that reads: any viem client (public or wallet) on the hub chain. */
export type CouncilReadClient = ReadClient;

/** A client that sends transactions: a viem client with an account, on the hub chain. */
export type CouncilWriteClient = SignerClient;

/** `ISecurityCouncil.ProposalKind`, by index (`config`: hub chain configurations and reporters). */
export const PROPOSAL_KINDS = ['none', 'upgrade', 'rotation', 'emergency', 'cancel', 'config'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** Kinds that run through the timelock (threshold, delay, the proposal's deadline). */
export const TIMELOCKED_KINDS: readonly ProposalKind[] = ['upgrade', 'rotation', 'config'];

/** "an upgrade", "a rotation", ...: the kind with its article, for messages. */
export function withArticle(kind: ProposalKind): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

/** `ISecurityCouncil.ProposalStatus`, by index. */
export const PROPOSAL_STATUSES = ['none', 'pending', 'scheduled', 'executed', 'cancelled'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** `IGovernanceHub.DeliveryState`, by index. */
export const DELIVERY_STATES = ['none', 'dispatched', 'queued', 'executed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * The timelock operation's state (OpenZeppelin `OperationState`): `unset` (not scheduled),
 * `pending` (waiting for its delay), `ready` (executable), `done` (executed).
 */
export const TIMELOCK_STATES = ['unset', 'pending', 'ready', 'done'] as const;
export type TimelockState = (typeof TIMELOCK_STATES)[number];

/** One upgrade on one chain (`IGovernanceHub.ChainAction`). */
export type ChainAction = {
  chainId: number;
  proxy: Address;
  /**
   * The implementation the proxy must run when the upgrade executes (the receiver's registry
   * refuses otherwise, `RegistryStaleUpgrade`): the upgrade can never be replayed over a newer one.
   */
  previousImplementation: Address;
  implementation: Address;
  /** The `extcodehash` the implementation must have on that chain. */
  codehash: Hex;
  /** `upgradeToAndCall` data; `0x` for none. */
  data: Hex;
};

/** Reads an enum index into its name; an out-of-range index is a contract this code does not know. */
export function enumName<const T extends readonly string[]>(names: T, index: number): T[number] {
  const name = names[index];
  if (name === undefined) throw new RangeError(`unknown enum value ${index} (known: ${names.join(', ')})`);
  return name;
}
