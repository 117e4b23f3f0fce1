/**
 * Decodes the hub's outgoing messages (`MessageCodec.encode` of a `Message`, whose payload is
 * `UpgradePayload.encodeUpgrade` or `encodeEmergency`). Both are Solidity libraries with internal
 * functions only, so no generated ABI describes them: the layouts below mirror
 * `contracts/bridge/MessageCodec.sol` and `UpgradePayload.sol`, and every decoded message is
 * checked by recomputing its id (`MessageCodec.id`, the EIP-712 struct hash) against the hub's.
 */
import {
  type Address,
  decodeAbiParameters,
  encodeAbiParameters,
  type Hex,
  keccak256,
  parseAbiParameters,
  toHex,
} from 'viem';
import { CouncilError } from '../errors/council.js';

const MESSAGE = parseAbiParameters(
  '(uint8 version, uint64 nonce, uint64 srcChainId, uint64 dstChainId, address sender, address receiver, bytes payload)',
);
const PAYLOAD = parseAbiParameters('uint8 kind, bytes body');
const UPGRADE = parseAbiParameters(
  '(bytes32 proposalId, uint40 activationTime, (address proxy, address implementation, bytes32 codehash, bytes data)[] actions)',
);
const EMERGENCY = parseAbiParameters('(bytes32 actionId, address[] targets)');
const MESSAGE_ID = parseAbiParameters('bytes32, uint8, uint64, uint64, uint64, address, address, bytes32');
const MESSAGE_TYPEHASH = keccak256(
  toHex(
    'Message(uint8 version,uint64 nonce,uint64 srcChainId,uint64 dstChainId,address sender,address receiver,bytes32 payloadHash)',
  ),
);

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
  actions?: { proxy: Address; implementation: Address; codehash: Hex; data: Hex }[];
  /** Emergencies: the action and this chain's targets. */
  actionId?: Hex;
  targets?: Address[];
  /** The message as the bridges carry it. */
  encoded: Hex;
};

/** Decodes one `MessageDispatched` message and checks that it hashes to `messageId`. */
export function decodeDispatchedMessage(messageId: Hex, encoded: Hex): DispatchedMessage {
  const [message] = decodeAbiParameters(MESSAGE, encoded);
  const id = keccak256(
    encodeAbiParameters(MESSAGE_ID, [
      MESSAGE_TYPEHASH,
      message.version,
      message.nonce,
      message.srcChainId,
      message.dstChainId,
      message.sender,
      message.receiver,
      keccak256(message.payload),
    ]),
  );
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
      targets: [...emergency.targets],
    };
  }
  throw new CouncilError(`message ${messageId} has an unknown payload kind ${kind}`, { reason: 'invalid-input' });
}
