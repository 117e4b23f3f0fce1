/**
 * A message the hub dispatched, as one type: its envelope's fields and its payload's (decoded, and
 * checked by recomputing its id, `MessageCodec.id`, against the hub's), the bytes the bridges
 * carry, and where the hub logged it.
 */
import { governanceHubAbi } from '@lockstep/client';
import { type Address, type Hex, isAddressEqual, type Log, parseEventLogs } from 'viem';
import { CouncilError } from '../errors/council.js';
import { messageId as computeMessageId, decodeMessage, type LockstepMessage } from './codec.js';
import { decodePayload, type PayloadAction } from './payload.js';

/** One message the GovernanceHub dispatched to one chain (one `MessageDispatched` log), decoded. */
export type DispatchedMessage = {
  messageId: Hex;
  /** The destination chain's id. */
  chainId: number;
  /** The hub's outbox nonce. */
  nonce: bigint;
  srcChainId: number;
  sender: Address;
  /** The destination's UpgradeReceiver. */
  receiver: Address;
  /** The payload's kind. */
  kind: 'upgrade' | 'pause' | 'unpause' | 'canary';
  /** Upgrades: the proposal and the one activation time shared by every chain. */
  proposalId?: Hex;
  activationTime?: number;
  /** Upgrades: this chain's actions. */
  actions?: PayloadAction[];
  /** Emergencies: the action and this chain's targets. */
  actionId?: Hex;
  /** Emergencies: the hub's block time at dispatch (orders an unpause against each target's pauses). */
  issuedAt?: number;
  targets?: Address[];
  /** Canaries: the canary's id (shared by every chain's message) and the hub's block time at dispatch. */
  canaryId?: Hex;
  sentAt?: number;
  /** The ABI-encoded message, exactly as `deliver` and `execute` take it. */
  encoded: Hex;
  /** Where the hub logged it (see `HubLogFields`). */
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
};

/**
 * The fields of a `DispatchedMessage` that say where the hub logged it. A message decoded from its
 * bytes (`decodeDispatchedMessage`) or from one transaction's receipt (`dispatchedMessagesIn`) is
 * `Omit<DispatchedMessage, HubLogFields>`; `scanDispatched` reads the whole of it from the logs.
 */
export type HubLogFields = 'blockNumber' | 'transactionHash' | 'logIndex';

/** Decodes one `MessageDispatched` message and checks that it hashes to `messageId`. */
export function decodeDispatchedMessage(messageId: Hex, encoded: Hex): Omit<DispatchedMessage, HubLogFields> {
  // A message that does not decode, or does not hash to its id, is refused here as input.
  let message: LockstepMessage;
  try {
    message = decodeMessage(encoded);
  } catch (cause) {
    throw new CouncilError(`message ${messageId} is not a Lockstep message`, { reason: 'invalid-input', cause });
  }
  const id = computeMessageId(message);
  if (id !== messageId) {
    throw new CouncilError(`message ${messageId} does not hash to its id (got ${id}) — not a Lockstep message`, {
      reason: 'invalid-input',
    });
  }
  const base = {
    messageId,
    chainId: Number(message.dstChainId),
    nonce: message.nonce,
    srcChainId: Number(message.srcChainId),
    sender: message.sender,
    receiver: message.receiver,
    encoded,
  };
  const payload = decodePayload(message.payload);
  if (payload.kind === 'unknown') {
    throw new CouncilError(`message ${messageId} has an unknown payload kind ${payload.code}`, {
      reason: 'invalid-input',
    });
  }
  return { ...base, ...payload };
}

/**
 * The messages `hub` dispatched in a transaction (its receipt's `MessageDispatched` logs, other
 * contracts' logs left out), decoded and each checked against its id.
 */
export function dispatchedMessagesIn(logs: readonly Log[], hub: Address): Omit<DispatchedMessage, HubLogFields>[] {
  return parseEventLogs({ abi: governanceHubAbi, eventName: 'MessageDispatched', logs: [...logs] })
    .filter((log) => isAddressEqual(log.address, hub))
    .map((log) => decodeDispatchedMessage(log.args.messageId, log.args.message));
}
