/**
 * Test scaffolding (not exported): stored events as the watchers would store them, for the pure
 * derivation tests, with real message encodings (the derivation checks a message's id).
 */
import { encodeMessage, messageId } from '@lockstep/core/message';
import { type Address, encodeAbiParameters, type Hex, keccak256, parseAbiParameters, toHex } from 'viem';
import type { Json, StoredEvent } from '../store/types.js';

export const HUB = 1;
export const ARBITRUM = 42161;
export const CHAINS = [
  { name: 'ethereum', chainId: HUB, role: 'hub' as const },
  { name: 'arbitrum', chainId: ARBITRUM, role: 'satellite' as const },
];
export const MEMBERS = Array.from({ length: 9 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as Address);
export const PROXY = '0x00000000000000000000000000000000000000aa' as Address;
export const IMPLEMENTATION = '0x00000000000000000000000000000000000000bb' as Address;
export const CODEHASH = keccak256(toHex('VaultV2'));

let logIndex = 0;

/** One stored event at `block` (timestamp = block × 10) on `chainId`. */
export function stored(chainId: number, block: number, name: string, args: { [key: string]: Json }): StoredEvent {
  logIndex += 1;
  return {
    chainId,
    blockNumber: block,
    blockHash: keccak256(toHex(`${chainId}:${block}`)),
    logIndex,
    txHash: keccak256(toHex(`tx:${chainId}:${block}`)),
    timestamp: block * 10,
    address: '0x00000000000000000000000000000000000000c0',
    name,
    args,
  };
}

/** An upgrade message to `dstChainId` for `proposalId`, encoded as the hub would, and its id. */
export function upgradeMessage(proposalId: Hex, dstChainId: number, activationTime: number): { id: Hex; encoded: Hex } {
  const body = encodeAbiParameters(
    parseAbiParameters(
      '(bytes32 proposalId, uint40 activationTime, (address proxy, address previousImplementation, address implementation, bytes32 codehash, bytes data)[] actions)',
    ),
    [
      {
        proposalId,
        activationTime,
        actions: [
          {
            proxy: PROXY,
            previousImplementation: PROXY,
            implementation: IMPLEMENTATION,
            codehash: CODEHASH,
            data: '0x',
          },
        ],
      },
    ],
  );
  return hubMessage(dstChainId, 1, body);
}

/** A canary message (`UpgradePayload.KIND_CANARY`) to `dstChainId`, encoded as the hub would, and its id. */
export function canaryMessage(canaryId: Hex, dstChainId: number, sentAt: number): { id: Hex; encoded: Hex } {
  const body = encodeAbiParameters(parseAbiParameters('(bytes32 canaryId, uint40 sentAt)'), [{ canaryId, sentAt }]);
  return hubMessage(dstChainId, 4, body);
}

function hubMessage(dstChainId: number, kind: number, body: Hex): { id: Hex; encoded: Hex } {
  const message = {
    version: 1,
    nonce: BigInt(dstChainId + kind * 1000),
    srcChainId: BigInt(HUB),
    dstChainId: BigInt(dstChainId),
    sender: '0x00000000000000000000000000000000000000c1' as Address,
    receiver: '0x00000000000000000000000000000000000000c2' as Address,
    payload: encodeAbiParameters(parseAbiParameters('uint8 kind, bytes body'), [kind, body]),
  };
  return { id: messageId(message), encoded: encodeMessage(message) };
}
