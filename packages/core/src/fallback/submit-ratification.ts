import { councilFallbackAdapterAbi } from '@lockstep/client';
import { type Address, getAddress, type Hash, type Hex, isAddressEqual, recoverAddress } from 'viem';
import { getChainId, getCode, readContract, simulateContract, writeContract } from 'viem/actions';
import { decodeRevert } from '../chain/decode-revert.js';
import { waitForReceipt } from '../chain/send-and-wait.js';
import type { SignerClient } from '../chain/types.js';
import type { LockstepError } from '../errors/base.js';
import {
  FallbackError,
  type FallbackErrorType,
  FallbackRevertError,
  type FallbackRevertErrorType,
} from '../errors/fallback.js';
import type { DispatchedMessage, HubLogFields } from '../message/dispatched.js';
import { type EmergencyDelivery, emergencyOutcomesFromLogs } from '../message/emergency-outcomes.js';
import { isConsumed, type MessageStatus, readMessageState, type SkipReason } from '../message/receiver-state.js';
import { checkRoute } from './describe-ratification.js';
import { decodeFallbackMessage, type FallbackMessageInput, RATIFY_HINTS } from './types.js';

export type SubmitRatificationParameters = {
  /** The CouncilFallbackAdapter on the message's destination chain. */
  adapter: Address;
  /** The UpgradeReceiver the adapter serves (the message must name it). */
  receiver: Address;
  /** The hub message: its encoded bytes, or a hub log / `DispatchedMessage` carrying `encoded`. */
  message: FallbackMessageInput;
  /** Members' ratifications, in any order (e.g. `SignedRatification`s). */
  signatures: readonly { signer: Address; signature: Hex }[];
};

export type SubmitRatificationReturnType =
  | {
      status: 'ratified';
      hash: Hash;
      blockNumber: bigint;
      messageId: Hex;
      chainId: number;
      /** The signers, as submitted: strictly ascending. */
      signers: Address[];
      /** The receiver's status of the message after the transaction (Queued, or Executed for an emergency; Pending with k > 1). */
      receiverStatus: MessageStatus;
      /** A pause or unpause this ratification applied: every target's outcome (see `problems`). */
      emergency?: EmergencyDelivery;
    }
  | {
      status: 'skipped';
      messageId: Hex;
      chainId: number;
      receiverStatus: MessageStatus;
      /**
       * `consumed`: the receiver is past confirming (Queued, Executed or Cancelled).
       * `confirmed-by-adapter`: Pending, and this adapter's confirmation is already counted.
       */
      reason: SkipReason;
    };

export type SubmitRatificationErrorType = FallbackErrorType | FallbackRevertErrorType | LockstepError;

/**
 * Submits fallback members' ratifications of one hub message in one `ratify` transaction, at most
 * once. The client must be on the message's destination chain; any account may send.
 *
 * 1. Refuses a message for another chain, receiver or hub (`wrong-route`), before anything else.
 * 2. Reads the receiver's `messageState`: a message already Queued, Executed or Cancelled (through
 *    the guardians or an earlier ratification) is skipped (`consumed`), nothing sent.
 * 3. Sorts the signers ascending, as the adapter requires; refuses a repeated signer, and a
 *    signature of an account without code that does not recover to its signer over this adapter's
 *    `ratificationDigest` (a signature for another chain or message: `invalid-signature`).
 * 4. Simulates `ratify`: the receiver's `ReceiverAlreadyConfirmed` (k > 1, this adapter already
 *    confirmed) is skipped (`confirmed-by-adapter`); any other revert throws `FallbackRevertError`
 *    with the decoded custom error (`FallbackThresholdNotMet(got, need)`, `FallbackNotMember`, ...).
 * 5. Sends, waits for the receipt, and returns the receiver's new status.
 *
 * @example
 * const result = await submitRatification(arbitrumClient, { adapter, receiver, message, signatures: signed })
 * if (result.status === 'ratified') console.log(result.receiverStatus) // 'Queued'
 */
export async function submitRatification(
  client: SignerClient,
  parameters: SubmitRatificationParameters,
): Promise<SubmitRatificationReturnType> {
  const { adapter, receiver } = parameters;
  const message = decodeFallbackMessage(parameters.message);
  const { messageId } = message;
  const contract = { address: adapter, abi: councilFallbackAdapterAbi } as const;
  const [chainId, adapterReceiver, [originChainId, originSender]] = await Promise.all([
    getChainId(client),
    readContract(client, { ...contract, functionName: 'receiver' }),
    readContract(client, { ...contract, functionName: 'trustedOrigin' }),
  ]);
  if (!isAddressEqual(adapterReceiver, receiver)) {
    throw new FallbackError(`the adapter ${adapter} serves receiver ${adapterReceiver}, not ${receiver}`, {
      reason: 'wrong-route',
    });
  }
  checkRoute(message, { chainId, receiver: adapterReceiver, originChainId: Number(originChainId), originSender });

  const before = await readMessageState(client, receiver, messageId);
  if (isConsumed(before.status)) {
    return { status: 'skipped', messageId, chainId, receiverStatus: before.status, reason: 'consumed' };
  }

  const sorted = await checkSignatures(client, adapter, message, parameters.signatures);
  const signers = sorted.map((s) => s.signer);
  let hash: Hash;
  try {
    const { request } = await simulateContract(client, {
      ...contract,
      functionName: 'ratify',
      args: [message.encoded, signers, sorted.map((s) => s.signature)],
      account: client.account,
      chain: client.chain,
    });
    hash = await writeContract(client, request);
  } catch (error) {
    const revert = decodeRevert(error);
    if (!revert) throw error;
    // SECURITY: the receiver's own answer to "did this adapter confirm it?": never ratify twice.
    if (revert.errorName === 'ReceiverAlreadyConfirmed') {
      return { status: 'skipped', messageId, chainId, receiverStatus: 'Pending', reason: 'confirmed-by-adapter' };
    }
    // Someone else may have delivered it between the read and the simulation.
    const now = await readMessageState(client, receiver, messageId);
    if (isConsumed(now.status)) {
      return { status: 'skipped', messageId, chainId, receiverStatus: now.status, reason: 'consumed' };
    }
    throw new FallbackRevertError({
      messageId,
      chainId,
      ...revert,
      hint: revert.errorName ? RATIFY_HINTS[revert.errorName]?.(revert.args) : undefined,
      cause: error,
    });
  }
  const receipt = await waitForReceipt(client, hash);
  const after = await readMessageState(client, receiver, messageId);
  if (receipt.status !== 'success') {
    if (isConsumed(after.status)) {
      return { status: 'skipped', messageId, chainId, receiverStatus: after.status, reason: 'consumed' };
    }
    throw new FallbackRevertError({ messageId, chainId, errorName: undefined, hint: `transaction ${hash} reverted` });
  }
  const emergency = emergencyOutcomesFromLogs({ logs: receipt.logs, receiver, messageId });
  return {
    status: 'ratified',
    hash,
    blockNumber: receipt.blockNumber,
    messageId,
    chainId,
    signers,
    receiverStatus: after.status,
    ...(emergency ? { emergency } : {}),
  };
}

/** Ascending, distinct signers; each EOA's signature recovers to it over the adapter's digest. */
async function checkSignatures(
  client: SignerClient,
  adapter: Address,
  message: Omit<DispatchedMessage, HubLogFields>,
  signatures: readonly { signer: Address; signature: Hex }[],
): Promise<{ signer: Address; signature: Hex }[]> {
  const sorted = signatures
    .map((s) => ({ signer: getAddress(s.signer), signature: s.signature }))
    .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : BigInt(a.signer) > BigInt(b.signer) ? 1 : 0));
  for (const [i, entry] of sorted.entries()) {
    const previous = sorted[i - 1];
    if (previous && isAddressEqual(previous.signer, entry.signer)) {
      throw new FallbackError(`${entry.signer} signed twice — keep one ratification per member`, {
        reason: 'duplicate-signer',
      });
    }
  }
  const digest = await readContract(client, {
    address: adapter,
    abi: councilFallbackAdapterAbi,
    functionName: 'ratificationDigest',
    args: [message.messageId],
  });
  await Promise.all(
    sorted.map(async ({ signer, signature }) => {
      const code = await getCode(client, { address: signer });
      // A contract member (a Safe, say) signs through ERC-1271: only the adapter can judge it.
      if (code && code !== '0x') return;
      const recovered = await recoverAddress({ hash: digest, signature }).catch(() => undefined);
      if (!recovered || !isAddressEqual(recovered, signer)) {
        throw new FallbackError(
          `the signature filed under ${signer} is not its ratification of ${message.messageId} on chain ${message.chainId}'s adapter ${adapter} (it recovers to ${recovered ?? 'nothing'}) — a signature for another chain or message? Sign again with describeRatification on this chain`,
          { reason: 'invalid-signature' },
        );
      }
    }),
  );
  return sorted;
}
