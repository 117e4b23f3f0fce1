/**
 * The payload codec: the mirror of `UpgradePayload.sol` (`encodeUpgrade`, `encodeEmergency`), a
 * Solidity library with internal functions only, so no generated ABI describes it. A payload is
 * `abi.encode(uint8 kind, bytes body)`; the body's layout depends on the kind.
 */
import { type Address, decodeAbiParameters, encodeAbiParameters, type Hex, parseAbiParameters } from 'viem';

const PAYLOAD = parseAbiParameters('uint8 kind, bytes body');
const UPGRADE = parseAbiParameters(
  '(bytes32 proposalId, uint40 activationTime, (address proxy, address previousImplementation, address implementation, bytes32 codehash, bytes data)[] actions)',
);
const EMERGENCY = parseAbiParameters('(bytes32 actionId, uint40 issuedAt, address[] targets)');
const CANARY = parseAbiParameters('(bytes32 canaryId, uint40 sentAt)');

/** One upgrade of one proxy, as an upgrade payload carries it. */
export type PayloadAction = {
  proxy: Address;
  previousImplementation: Address;
  implementation: Address;
  codehash: Hex;
  data: Hex;
};

/**
 * A decoded payload: an upgrade of one chain's proxies, a pause or unpause of its targets, or a
 * canary (a no-op liveness probe: its id and the hub's block time at dispatch).
 */
export type MessagePayload =
  | { kind: 'upgrade'; proposalId: Hex; activationTime: number; actions: PayloadAction[] }
  | { kind: 'pause' | 'unpause'; actionId: Hex; issuedAt: number; targets: Address[] }
  | { kind: 'canary'; canaryId: Hex; sentAt: number };

/**
 * The payload kind codes of `UpgradePayload.sol` (`KIND_UPGRADE`, `KIND_PAUSE`, `KIND_UNPAUSE`,
 * `KIND_CANARY`), by name.
 */
export const PAYLOAD_KIND = { upgrade: 1, pause: 2, unpause: 3, canary: 4 } as const;

/** A payload kind's name: `'upgrade'`, `'pause'`, `'unpause'` or `'canary'`. */
export type PayloadKindName = keyof typeof PAYLOAD_KIND;

/** The payload's kind code (`PAYLOAD_KIND`), read without decoding its body. */
export function payloadKind(payload: Hex): number {
  return decodeAbiParameters(PAYLOAD, payload)[0];
}

/**
 * Decodes a message's payload; a kind this code does not know is `{ kind: 'unknown', code }`.
 * Bytes that do not decode throw viem's decoding error.
 */
export function decodePayload(payload: Hex): MessagePayload | { kind: 'unknown'; code: number } {
  const [kind, body] = decodeAbiParameters(PAYLOAD, payload);
  if (kind === PAYLOAD_KIND.upgrade) {
    const [upgrade] = decodeAbiParameters(UPGRADE, body);
    return {
      kind: 'upgrade',
      proposalId: upgrade.proposalId,
      activationTime: upgrade.activationTime,
      actions: upgrade.actions.map((a) => ({ ...a })),
    };
  }
  if (kind === PAYLOAD_KIND.pause || kind === PAYLOAD_KIND.unpause) {
    const [emergency] = decodeAbiParameters(EMERGENCY, body);
    return {
      kind: kind === PAYLOAD_KIND.pause ? 'pause' : 'unpause',
      actionId: emergency.actionId,
      issuedAt: emergency.issuedAt,
      targets: [...emergency.targets],
    };
  }
  if (kind === PAYLOAD_KIND.canary) {
    const [canary] = decodeAbiParameters(CANARY, body);
    return { kind: 'canary', canaryId: canary.canaryId, sentAt: canary.sentAt };
  }
  return { kind: 'unknown', code: kind };
}

/** A pause or unpause payload (`UpgradePayload.encodeEmergency`). */
export type EmergencyPayload = Extract<MessagePayload, { kind: 'pause' | 'unpause' }>;

/**
 * Encodes a pause or unpause payload exactly as the hub's `UpgradePayload.encodeEmergency` does:
 * what a council-signed root carries to a chain without the hub.
 */
export function encodeEmergencyPayload(payload: EmergencyPayload): Hex {
  const body = encodeAbiParameters(EMERGENCY, [
    { actionId: payload.actionId, issuedAt: payload.issuedAt, targets: payload.targets },
  ]);
  return encodeAbiParameters(PAYLOAD, [PAYLOAD_KIND[payload.kind], body]);
}
