/**
 * Decodes the hub's outgoing messages (`MessageCodec.encode` of a `Message`, whose payload is
 * `UpgradePayload.encodeUpgrade` or `encodeEmergency`). Both are Solidity libraries with internal
 * functions only, so no generated ABI describes them: the envelope is decoded by the guardian
 * module's codec, the payload layouts below mirror `UpgradePayload.sol`, and every decoded message
 * is checked by recomputing its id (`MessageCodec.id`, the EIP-712 struct hash) against the hub's.
 */
import { type Address, decodeAbiParameters, type Hex, parseAbiParameters } from 'viem';
import { CouncilError } from '../errors/council.js';
import { messageId as computeMessageId, decodeMessage, type LockstepMessage } from '../guardian/message.js';

const PAYLOAD = parseAbiParameters('uint8 kind, bytes body');
const UPGRADE = parseAbiParameters(
  '(bytes32 proposalId, uint40 activationTime, (address proxy, address previousImplementation, address implementation, bytes32 codehash, bytes data)[] actions)',
);
const EMERGENCY = parseAbiParameters('(bytes32 actionId, uint40 issuedAt, address[] targets)');

/** One message the hub dispatched to one chain. */
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
  actions?: { proxy: Address; previousImplementation: Address; implementation: Address; codehash: Hex; data: Hex }[];
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
  // The envelope codec is the guardian module's (one implementation of MessageCodec's layout and
  // id); a message that does not decode, or does not hash to its id, is refused here as input.
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
  const [kind, body] = decodeAbiParameters(PAYLOAD, message.payload);
  if (kind === 1) {
    const [upgrade] = decodeAbiParameters(UPGRADE, body);
    return {
      ...base,
      kind: 'upgrade',
      proposalId: upgrade.proposalId,
      activationTime: upgrade.activationTime,
      actions: upgrade.actions.map((a) => ({ ...a })),
    };
  }
  if (kind === 2 || kind === 3) {
    const [emergency] = decodeAbiParameters(EMERGENCY, body);
    return {
      ...base,
      kind: kind === 2 ? 'pause' : 'unpause',
      actionId: emergency.actionId,
      issuedAt: emergency.issuedAt,
      targets: [...emergency.targets],
    };
  }
  throw new CouncilError(`message ${messageId} has an unknown payload kind ${kind}`, { reason: 'invalid-input' });
}
