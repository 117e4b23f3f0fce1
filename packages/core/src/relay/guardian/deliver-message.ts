import { guardianAdapterAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { getBlock, readContract, simulateContract, writeContract } from 'viem/actions';
import { decodeRevert } from '../../chain/decode-revert.js';
import { type RetryOptions, withRetry } from '../../chain/retry.js';
import { receiptOf } from '../../chain/send-and-wait.js';
import type { SignerClient } from '../../chain/types.js';
import {
  ContractRevertError,
  type ContractRevertErrorType,
  type TransientRetriesExhaustedErrorType,
} from '../../errors/chain.js';
import { QuorumNotMetError, type QuorumNotMetErrorType, type TriedGuardianSet } from '../../errors/relay.js';
import { type GuardianSet, type GuardianSetCache, readGuardianSets } from '../../guardian/guardian-set.js';
import { type IndexedGuardianSignature, selectSignatures } from '../../guardian/select-signatures.js';
import type { DispatchedMessage } from '../../message/dispatched.js';
import { type EmergencyDelivery, emergencyOutcomesFromLogs } from '../../message/emergency-outcomes.js';
import { isConsumed, type MessageStatus, readMessageState, type SkipReason } from '../../message/receiver-state.js';
import type { GuardianAttestation } from './attestation-types.js';

export type DeliverMessageParameters = {
  /** A client of the destination chain whose account signs and pays. */
  client: SignerClient;
  /** The destination's GuardianAdapter. */
  adapter: Address;
  /** The destination's UpgradeReceiver. */
  receiver: Address;
  message: Pick<DispatchedMessage, 'messageId' | 'chainId' | 'encoded'>;
  attestations: readonly GuardianAttestation[];
  /**
   * The guardian set to deliver under, used as given (an expired one is refused by the adapter).
   * Default: chosen from the chain at each attempt, see `deliverMessage`.
   */
  guardianSet?: GuardianSet;
  /** Without `guardianSet`: remembers the sets read (a relayer passes one cache to every delivery). */
  guardianSetCache?: GuardianSetCache;
  retry?: RetryOptions;
};

export type DeliverMessageReturnType =
  | {
      status: 'delivered';
      transactionHash: Hex;
      blockNumber: bigint;
      receiverStatus: MessageStatus;
      signatures: number;
      /** The guardian set the message was delivered under. */
      guardianSetIndex: number;
      /**
       * A pause or unpause this delivery applied: each target's outcome (`problems` lists those
       * left not as asked: not registered, failed, stale). `undefined` for anything else.
       */
      emergency?: EmergencyDelivery;
    }
  | {
      status: 'skipped';
      receiverStatus: MessageStatus;
      /**
       * `consumed`: the receiver is past confirming (Queued, Executed or Cancelled).
       * `confirmed-by-adapter`: Pending, and this adapter's confirmation is already counted.
       */
      reason: SkipReason;
    };

export type DeliverMessageErrorType =
  | QuorumNotMetErrorType
  | ContractRevertErrorType
  | TransientRetriesExhaustedErrorType;

/**
 * Delivers one message to its destination through the GuardianAdapter, at most once.
 *
 * 1. Reads the receiver's `messageState` first: a message already Queued, Executed or Cancelled
 *    is skipped (`status: 'skipped'`, reason `consumed`). The chain is the only record; nothing
 *    local is trusted, so a restarted relayer never delivers twice. A Pending message (another
 *    adapter confirmed it; the receiver needs k > 1) goes on: the receiver keeps one confirmation
 *    bit per adapter and has no view of it, so step 3's simulation decides — its
 *    `ReceiverAlreadyConfirmed` revert means this adapter's confirmation is already counted
 *    (skipped, reason `confirmed-by-adapter`, nothing sent).
 * 2. Keeps the attestations that are from a member of the guardian set and recover to it from the
 *    adapter's digest (low `s`), one per guardian, in ascending key order, and takes the first
 *    `quorum`. Without `guardianSet`, the sets are read fresh from the adapter: the current set if
 *    the attestations reach its quorum, else the previous set if there is one, it is not expired at
 *    the destination's latest block, and the attestations reach its quorum (attestations the old set
 *    signed before a rotation still land during its window). Otherwise throws `QuorumNotMetError`
 *    (`got`, `need` of the current set, `sets`: every set tried and whether it expired) and sends
 *    nothing.
 * 3. Simulates `deliver`: a revert throws `ContractRevertError` with the decoded custom error, never
 *    retried. Transient RPC errors (timeouts, refused connections, rate limits) are retried with
 *    exponential backoff and jitter; each retry starts again at step 1.
 * 4. Sends, waits for the receipt, and returns the receiver's new status; when the delivery applied
 *    a pause or unpause, also each target's outcome (`emergency`, from the receipt's
 *    `EmergencyTargetHandled` logs): a delivery whose `emergency.problems` is not empty succeeded
 *    as a transaction but left those targets not as the council asked.
 *
 * @example
 * const result = await deliverMessage({ client, adapter, receiver, message, attestations })
 */
export async function deliverMessage(parameters: DeliverMessageParameters): Promise<DeliverMessageReturnType> {
  const { client, adapter, receiver, message, retry } = parameters;
  const { messageId, chainId: dstChainId } = message;

  const sent = await withRetry(
    `deliver ${messageId} to chain ${dstChainId}`,
    async (): Promise<
      { hash: Hex; signatures: number; setIndex: number } | { skipped: MessageStatus; reason: SkipReason }
    > => {
      const before = await readMessageState(client, receiver, messageId, retry);
      if (isConsumed(before.status)) return { skipped: before.status, reason: 'consumed' };
      const digest = await readContract(client, {
        address: adapter,
        abi: guardianAdapterAbi,
        functionName: 'attestationDigest',
        args: [messageId],
      });
      const { set, signatures } = await chooseGuardianSet(parameters, digest);
      try {
        const { request } = await simulateContract(client, {
          account: client.account,
          chain: client.chain,
          address: adapter,
          abi: guardianAdapterAbi,
          functionName: 'deliver',
          args: [message.encoded, set.index, set.keys, signatures],
        });
        return { hash: await writeContract(client, request), signatures: signatures.length, setIndex: set.index };
      } catch (error) {
        const revert = decodeRevert(error);
        if (!revert) throw error;
        // SECURITY: the receiver's own answer to "did this adapter confirm it?": never deliver twice.
        if (revert.errorName === 'ReceiverAlreadyConfirmed') {
          return { skipped: 'Pending', reason: 'confirmed-by-adapter' };
        }
        // Someone else may have delivered it between the read and the simulation.
        const now = await readMessageState(client, receiver, messageId, retry);
        if (isConsumed(now.status)) return { skipped: now.status, reason: 'consumed' };
        throw new ContractRevertError({
          messageId,
          chainId: dstChainId,
          functionName: 'deliver',
          ...revert,
          cause: error,
        });
      }
    },
    retry,
  );
  if ('skipped' in sent) return { status: 'skipped', receiverStatus: sent.skipped, reason: sent.reason };

  const receipt = await receiptOf(client, sent.hash, retry);
  const after = await readMessageState(client, receiver, messageId, retry);
  if (receipt.status !== 'success') {
    // Lost a race after the simulation. Still Pending: the next call's simulation tells whether
    // this adapter's confirmation is counted.
    if (isConsumed(after.status)) return { status: 'skipped', receiverStatus: after.status, reason: 'consumed' };
    throw new ContractRevertError({ messageId, chainId: dstChainId, functionName: 'deliver', errorName: undefined });
  }
  const emergency = emergencyOutcomesFromLogs({ logs: receipt.logs, receiver, messageId });
  return {
    status: 'delivered',
    transactionHash: sent.hash,
    blockNumber: receipt.blockNumber,
    receiverStatus: after.status,
    signatures: sent.signatures,
    guardianSetIndex: sent.setIndex,
    ...(emergency ? { emergency } : {}),
  };
}

/**
 * The set to deliver under and its signatures: `parameters.guardianSet` as given, else the current
 * set if the attestations reach its quorum, else the previous set while it is valid and reached.
 * Throws `QuorumNotMetError` naming every set tried.
 */
async function chooseGuardianSet(
  parameters: DeliverMessageParameters,
  digest: Hex,
): Promise<{ set: GuardianSet; signatures: IndexedGuardianSignature[] }> {
  const { client, adapter, message, attestations, retry } = parameters;
  const fail = (sets: TriedGuardianSet[], first: { got: number; need: number }) =>
    new QuorumNotMetError({ messageId: message.messageId, chainId: message.chainId, ...first, sets });

  if (parameters.guardianSet) {
    const set = parameters.guardianSet;
    const { signatures } = await selectSignatures(digest, set, attestations);
    if (signatures.length < set.quorum) throw fail([], { got: signatures.length, need: set.quorum });
    return { set, signatures };
  }

  const { current, previous } = await readGuardianSets({
    client,
    adapter,
    ...(retry ? { retry } : {}),
    ...(parameters.guardianSetCache ? { cache: parameters.guardianSetCache, chainId: message.chainId } : {}),
  });
  const fromCurrent = await selectSignatures(digest, current, attestations);
  if (fromCurrent.signatures.length >= current.quorum) return { set: current, signatures: fromCurrent.signatures };
  const first = { got: fromCurrent.signatures.length, need: current.quorum };
  const tried: TriedGuardianSet[] = [{ index: current.index, role: 'current', ...first }];
  if (!previous) throw fail(tried, first);

  const fromPrevious = await selectSignatures(digest, previous, attestations);
  const reached = fromPrevious.signatures.length >= previous.quorum;
  const tip = await withRetry('latest block', () => getBlock(client, { blockTag: 'latest' }), retry);
  // The adapter accepts a rotated-out set strictly before its expiry.
  const expired = BigInt(previous.expiresAt) <= tip.timestamp;
  tried.push({
    index: previous.index,
    role: 'previous',
    got: fromPrevious.signatures.length,
    need: previous.quorum,
    ...(expired ? { expiredAt: previous.expiresAt } : {}),
  });
  if (!reached || expired) throw fail(tried, first);
  return { set: previous, signatures: fromPrevious.signatures };
}
