/**
 * A message the hub dispatched, in its two readings: as the hub logged it (`OutboxMessage`: id,
 * destination, nonce and the bytes the bridges carry, with where it was logged) and as decoded
 * (`DispatchedMessage`: the envelope's fields and the payload's). Every decoded message is checked
 * by recomputing its id (`MessageCodec.id`) against the hub's.
 */
import { governanceHubAbi } from '@lockstep/client';
import { type Address, type Hex, isAddressEqual, type Log, parseEventLogs } from 'viem';
import { CouncilError } from '../errors/council.js';
import { messageId as computeMessageId, decodeMessage, type LockstepMessage } from './codec.js';
import { decodePayload, type PayloadAction } from './payload.js';

/** A message the GovernanceHub dispatched (one `MessageDispatched` log). */
export type OutboxMessage = {
  messageId: Hex;
  /** The destination chain's id. */
  dstChainId: number;
  /** The hub's outbox nonce. */
  nonce: bigint;
  /** The ABI-encoded message, exactly as `deliver` and `execute` take it. */
  encoded: Hex;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
};

/** One message the hub dispatched to one chain, decoded. */
export type DispatchedMessage = {
  messageId: Hex;
  /** The destination chain. */
  chainId: number;
  nonce: bigint;
  srcChainId: number;
  sender: Address;
  /** The destination's UpgradeReceiver. */
  receiver: Address;
  /** The payload's kind. */
  kind: 'upgrade' | 'pause' | 'unpause';
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
  /** The message as the bridges carry it. */
  encoded: Hex;
};

/** Decodes one `MessageDispatched` message and checks that it hashes to `messageId`. */
export function decodeDispatchedMessage(messageId: Hex, encoded: Hex): DispatchedMessage {
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
export function dispatchedMessagesIn(logs: readonly Log[], hub: Address): DispatchedMessage[] {
  return parseEventLogs({ abi: governanceHubAbi, eventName: 'MessageDispatched', logs: [...logs] })
    .filter((log) => isAddressEqual(log.address, hub))
    .map((log) => decodeDispatchedMessage(log.args.messageId, log.args.message));
}
