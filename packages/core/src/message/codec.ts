/**
 * The envelope codec: Lockstep's cross-chain message in TypeScript, the mirror of
 * `contracts/bridge/MessageCodec.sol`.
 * The wire format is `abi.encode(Message)`; the id is the EIP-712 struct hash of the message with
 * the payload replaced by its hash. `guardian/guardian.test.ts` checks both against the chain.
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
import { GuardianRefusalError, type GuardianRefusalErrorType } from '../errors/guardian.js';

/** `MessageCodec.VERSION`: the only wire format version this codec speaks. */
export const MESSAGE_VERSION = 1;

/** A hub message (`MessageCodec.Message`). */
export type LockstepMessage = {
  version: number;
  nonce: bigint;
  srcChainId: bigint;
  dstChainId: bigint;
  sender: Address;
  receiver: Address;
  payload: Hex;
};

/** `MessageCodec.MESSAGE_TYPEHASH`'s type, as EIP-712 types (the id is `hashStruct` of it). */
export const messageTypes = {
  Message: [
    { name: 'version', type: 'uint8' },
    { name: 'nonce', type: 'uint64' },
    { name: 'srcChainId', type: 'uint64' },
    { name: 'dstChainId', type: 'uint64' },
    { name: 'sender', type: 'address' },
    { name: 'receiver', type: 'address' },
    { name: 'payloadHash', type: 'bytes32' },
  ],
} as const;

/** `MessageCodec.MESSAGE_TYPEHASH`: the EIP-712 type hash of `messageTypes`' `Message`. */
export const MESSAGE_TYPEHASH = keccak256(
  toHex(
    'Message(uint8 version,uint64 nonce,uint64 srcChainId,uint64 dstChainId,address sender,address receiver,bytes32 payloadHash)',
  ),
);

/** EIP-712 `encodeData` of a `Message`: every field is atomic, so it is `abi.encode` of the type hash and the fields. */
const structParameters = parseAbiParameters(
  'bytes32 typeHash, uint8 version, uint64 nonce, uint64 srcChainId, uint64 dstChainId, address sender, address receiver, bytes32 payloadHash',
);

const messageParameters = parseAbiParameters(
  '(uint8 version, uint64 nonce, uint64 srcChainId, uint64 dstChainId, address sender, address receiver, bytes payload)',
);

export type DecodeMessageErrorType = GuardianRefusalErrorType;

/**
 * Decodes `MessageCodec.encode(message)`. Refuses (`GuardianRefusalError`, reason
 * `malformed-message`) bytes that do not decode, that are not the canonical encoding (the receiver
 * and the adapters read messages in place and accept only that layout), or another version.
 *
 * @example
 * const message = decodeMessage(log.args.message)
 */
export function decodeMessage(encoded: Hex): LockstepMessage {
  let message: LockstepMessage;
  try {
    [message] = decodeAbiParameters(messageParameters, encoded);
  } catch (cause) {
    throw new GuardianRefusalError('the message bytes do not decode as a Lockstep message', {
      reason: 'malformed-message',
      cause,
    });
  }
  if (message.version !== MESSAGE_VERSION) {
    throw new GuardianRefusalError(
      `message version ${message.version} is not supported (expected ${MESSAGE_VERSION})`,
      {
        reason: 'malformed-message',
      },
    );
  }
  if (encodeMessage(message).toLowerCase() !== encoded.toLowerCase()) {
    throw new GuardianRefusalError('the message bytes are not the canonical MessageCodec encoding', {
      reason: 'malformed-message',
    });
  }
  return message;
}

/** `MessageCodec.encode(message)`: `abi.encode` of the struct. */
export function encodeMessage(message: LockstepMessage): Hex {
  return encodeAbiParameters(messageParameters, [message]);
}

/**
 * What `payloadHash` keeps (the oldest goes first): at most 512 payloads (a few rounds of a 128-chain
 * drill) and 4 MiB of payload text, so a long-running guardian fed large payloads stays small.
 */
const PAYLOAD_HASHES_KEPT = 512;
const PAYLOAD_TEXT_KEPT = 4 * 1024 * 1024;
const payloadHashes = new Map<Hex, Hex>();
let payloadTextKept = 0;

/**
 * `keccak256(payload)`, remembered by the payload's text: one message's id is taken again and again
 * (a guardian checks and then signs it, a monitor recovers each of its signatures, a drill runs many
 * guardians in one process), and hashing a payload is most of what an id costs.
 */
function payloadHash(payload: Hex): Hex {
  const known = payloadHashes.get(payload);
  if (known !== undefined) return known;
  const hash = keccak256(payload);
  if (payload.length > PAYLOAD_TEXT_KEPT) return hash;
  payloadHashes.set(payload, hash);
  payloadTextKept += payload.length;
  for (const oldest of payloadHashes.keys()) {
    if (payloadHashes.size <= PAYLOAD_HASHES_KEPT && payloadTextKept <= PAYLOAD_TEXT_KEPT) break;
    payloadHashes.delete(oldest);
    payloadTextKept -= oldest.length;
  }
  return hash;
}

/**
 * The message as EIP-712 signs and hashes it (`messageTypes`' `Message`): its fields, the payload
 * by hash. What a guardian's attestation signs, and what `messageId` hashes.
 */
export function messageStruct(message: LockstepMessage) {
  return {
    version: message.version,
    nonce: message.nonce,
    srcChainId: message.srcChainId,
    dstChainId: message.dstChainId,
    sender: message.sender,
    receiver: message.receiver,
    payloadHash: payloadHash(message.payload),
  };
}

/**
 * `MessageCodec.id(message)`: the EIP-712 struct hash of the message, its payload by hash. The same
 * on every chain; a guardian signs it under the destination's domain.
 *
 * @example
 * const id = messageId(decodeMessage(encoded))
 */
export function messageId(message: LockstepMessage): Hex {
  // viem's `hashStruct` of `messageStruct(message)` gives the same (tested); this skips hashing the type
  // string on every call: a 128-chain drill's guardians and monitor take thousands of ids.
  const struct = messageStruct(message);
  return keccak256(
    encodeAbiParameters(structParameters, [
      MESSAGE_TYPEHASH,
      struct.version,
      struct.nonce,
      struct.srcChainId,
      struct.dstChainId,
      struct.sender,
      struct.receiver,
      struct.payloadHash,
    ]),
  );
}
