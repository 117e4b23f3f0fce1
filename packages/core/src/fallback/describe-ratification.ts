import { councilFallbackAdapterAbi } from '@lockstep/client';
import { type Address, getAddress, type Hex, hashTypedData, isAddressEqual } from 'viem';
import { getChainId, readContract } from 'viem/actions';
import type { ReadClient } from '../chain/types.js';
import type { LockstepError } from '../errors/base.js';
import { FallbackError, type FallbackErrorType } from '../errors/fallback.js';
import type { DispatchedMessage, HubLogFields } from '../message/dispatched.js';
import {
  decodeFallbackMessage,
  FALLBACK_DOMAIN_NAME,
  FALLBACK_DOMAIN_VERSION,
  type FallbackMessageInput,
  type RatificationTypedData,
  ratificationTypes,
} from './types.js';

export type DescribeRatificationParameters = {
  /** The CouncilFallbackAdapter on the message's destination chain. */
  adapter: Address;
  /** The hub message: its encoded bytes, or a hub log / `DispatchedMessage` carrying `encoded`. */
  message: FallbackMessageInput;
};

export type DescribeRatificationReturnType = {
  adapter: Address;
  /** The destination chain: the client's, and the domain's. */
  chainId: number;
  messageId: Hex;
  typedData: RatificationTypedData;
  /** `hashTypedData(typedData)`, computed here and checked equal to the adapter's `ratificationDigest`. */
  digest: Hex;
  /** The decoded message: destination, kind, and the upgrade actions or emergency targets. */
  message: Omit<DispatchedMessage, HubLogFields>;
  /** The adapter's current members (ascending) and how many must sign. */
  members: Address[];
  threshold: number;
};

export type DescribeRatificationErrorType = FallbackErrorType | LockstepError;

/**
 * Everything a fallback member signs when ratifying a hub message on one chain: the adapter's
 * EIP-712 domain (`Lockstep Fallback Verifier`, version 1, the chain, the adapter), the
 * `Ratification(messageId)` typed data, the digest — computed here and checked equal to the
 * adapter's `ratificationDigest`, so a wrong domain can never be signed — and the decoded message.
 * The client must be on the message's destination chain, and the message must come from the
 * adapter's hub and name its receiver (what `ratify` would check).
 *
 * Throws `FallbackError`: `invalid-input` (not a hub message), `wrong-route` (another chain,
 * receiver or hub), `digest-mismatch` (do not sign).
 *
 * @example
 * const described = await describeRatification(arbitrumClient, { adapter, message: log.encoded })
 * // show described.message (kind, actions or targets) to the member, then:
 * const signed = await signRatification(memberAccount, described)
 */
export async function describeRatification(
  client: ReadClient,
  { adapter, message: input }: DescribeRatificationParameters,
): Promise<DescribeRatificationReturnType> {
  const message = decodeFallbackMessage(input);
  const contract = { address: adapter, abi: councilFallbackAdapterAbi } as const;
  const [chainId, onChainDigest, receiver, [originChainId, originSender], members, threshold] = await Promise.all([
    getChainId(client),
    readContract(client, { ...contract, functionName: 'ratificationDigest', args: [message.messageId] }),
    readContract(client, { ...contract, functionName: 'receiver' }),
    readContract(client, { ...contract, functionName: 'trustedOrigin' }),
    readContract(client, { ...contract, functionName: 'members' }),
    readContract(client, { ...contract, functionName: 'threshold' }),
  ]);
  checkRoute(message, { chainId, receiver, originChainId: Number(originChainId), originSender });
  const typedData: RatificationTypedData = {
    domain: {
      name: FALLBACK_DOMAIN_NAME,
      version: FALLBACK_DOMAIN_VERSION,
      chainId,
      verifyingContract: getAddress(adapter),
    },
    types: ratificationTypes,
    primaryType: 'Ratification',
    message: { messageId: message.messageId },
  };
  const digest = hashTypedData(typedData);
  if (digest !== onChainDigest) {
    throw new FallbackError(
      `the ratification digest computed here (${digest}) differs from the adapter's ratificationDigest (${onChainDigest}) — do not sign; check the adapter address and the chain`,
      { reason: 'digest-mismatch' },
    );
  }
  return {
    adapter: typedData.domain.verifyingContract,
    chainId,
    messageId: message.messageId,
    typedData,
    digest,
    message,
    members: [...members],
    threshold,
  };
}

/** Refuses a message `ratify` would refuse for its envelope (`BaseAdapter`'s checks), before anyone signs. */
export function checkRoute(
  message: Omit<DispatchedMessage, HubLogFields>,
  adapter: { chainId: number; receiver: Address; originChainId: number; originSender: Address },
): void {
  const problem =
    message.chainId !== adapter.chainId
      ? `is for chain ${message.chainId}, and this client is on chain ${adapter.chainId} — use a client of chain ${message.chainId}`
      : !isAddressEqual(message.receiver, adapter.receiver)
        ? `names receiver ${message.receiver}, and the adapter serves ${adapter.receiver}`
        : message.srcChainId !== adapter.originChainId || !isAddressEqual(message.sender, adapter.originSender)
          ? `comes from ${message.sender} on chain ${message.srcChainId}, not the adapter's hub ${adapter.originSender} on chain ${adapter.originChainId}`
          : undefined;
  if (problem) throw new FallbackError(`message ${message.messageId} ${problem}`, { reason: 'wrong-route' });
}
