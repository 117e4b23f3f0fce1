import { guardianAdapterAbi } from '@lockstep/client';
import { type Address, type Hex, isAddressEqual, recoverAddress } from 'viem';
import { readContract, simulateContract, waitForTransactionReceipt, writeContract } from 'viem/actions';
import {
  ContractRevertError,
  type ContractRevertErrorType,
  QuorumNotMetError,
  type QuorumNotMetErrorType,
  type TransientRetriesExhaustedErrorType,
} from '../errors/relay.js';
import { decodeRevert } from './decode-revert.js';
import { type GuardianSet, readGuardianSet } from './guardian-set.js';
import { type RetryOptions, withRetry } from './retry.js';
import { type MessageStatus, readMessageState } from './status.js';
import type { GuardianAttestation, OutboxMessage, SignerClient } from './types.js';

/** Half the secp256k1 order: the adapter refuses signatures with a larger `s`. */
const HALF_CURVE_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

export type DeliverMessageParameters = {
  /** A client of the destination chain whose account signs and pays. */
  client: SignerClient;
  /** The destination's GuardianAdapter. */
  adapter: Address;
  /** The destination's UpgradeReceiver. */
  receiver: Address;
  message: Pick<OutboxMessage, 'messageId' | 'dstChainId' | 'encoded'>;
  attestations: readonly GuardianAttestation[];
  /** The guardian set to deliver under. Default: the adapter's current set, read from the chain. */
  guardianSet?: GuardianSet;
  retry?: RetryOptions;
};

export type DeliverMessageReturnType =
  | {
      status: 'delivered';
      transactionHash: Hex;
      blockNumber: bigint;
      receiverStatus: MessageStatus;
      signatures: number;
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

/** Why `deliverMessage` sent nothing. */
export type SkipReason = 'consumed' | 'confirmed-by-adapter';

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
 *    `quorum`. Fewer throws `QuorumNotMetError` (`got`, `need`) and sends nothing.
 * 3. Simulates `deliver`: a revert throws `ContractRevertError` with the decoded custom error, never
 *    retried. Transient RPC errors (timeouts, refused connections, rate limits) are retried with
 *    exponential backoff and jitter; each retry starts again at step 1.
 * 4. Sends, waits for the receipt, and returns the receiver's new status.
 *
 * @example
 * const result = await deliverMessage({ client, adapter, receiver, message, attestations })
 */
export async function deliverMessage(parameters: DeliverMessageParameters): Promise<DeliverMessageReturnType> {
  const { client, adapter, receiver, message, retry } = parameters;
  const { messageId, dstChainId } = message;
  const set = parameters.guardianSet ?? (await readGuardianSet({ client, adapter, ...(retry ? { retry } : {}) }));

  const sent = await withRetry(
    `deliver ${messageId} to chain ${dstChainId}`,
    async (): Promise<{ hash: Hex; signatures: number } | { skipped: MessageStatus; reason: SkipReason }> => {
      const before = await readMessageState(client, receiver, messageId, retry);
      if (isConsumed(before.status)) return { skipped: before.status, reason: 'consumed' };
      const digest = await readContract(client, {
        address: adapter,
        abi: guardianAdapterAbi,
        functionName: 'attestationDigest',
        args: [messageId],
      });
      const signatures = await selectSignatures(digest, set, parameters.attestations);
      if (signatures.length < set.quorum) {
        throw new QuorumNotMetError({ messageId, chainId: dstChainId, got: signatures.length, need: set.quorum });
      }
      try {
        const { request } = await simulateContract(client, {
          account: client.account,
          chain: client.chain,
          address: adapter,
          abi: guardianAdapterAbi,
          functionName: 'deliver',
          args: [message.encoded, set.index, set.keys, signatures],
        });
        return { hash: await writeContract(client, request), signatures: signatures.length };
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

  const receipt = await withRetry(
    `receipt of ${sent.hash}`,
    () => waitForTransactionReceipt(client, { hash: sent.hash }),
    retry,
  );
  const after = await readMessageState(client, receiver, messageId, retry);
  if (receipt.status !== 'success') {
    // Lost a race after the simulation. Still Pending: the next call's simulation tells whether
    // this adapter's confirmation is counted.
    if (isConsumed(after.status)) return { status: 'skipped', receiverStatus: after.status, reason: 'consumed' };
    throw new ContractRevertError({ messageId, chainId: dstChainId, functionName: 'deliver', errorName: undefined });
  }
  return {
    status: 'delivered',
    transactionHash: sent.hash,
    blockNumber: receipt.blockNumber,
    receiverStatus: after.status,
    signatures: sent.signatures,
  };
}

/** Queued, Executed or Cancelled: the receiver takes no more confirmations. */
function isConsumed(status: MessageStatus): boolean {
  return status !== 'None' && status !== 'Pending';
}

type GuardianSignature = { index: number; v: number; r: Hex; s: Hex };

/** Valid, distinct signatures of set members, ascending by key position, at most `quorum`. */
async function selectSignatures(
  digest: Hex,
  set: GuardianSet,
  attestations: readonly GuardianAttestation[],
): Promise<GuardianSignature[]> {
  const byIndex = new Map<number, GuardianSignature>();
  for (const attestation of attestations) {
    const index = set.keys.findIndex((key) => isAddressEqual(key, attestation.guardian));
    if (index < 0 || byIndex.has(index)) continue;
    if (attestation.v !== 27 && attestation.v !== 28) continue;
    if (BigInt(attestation.s) > HALF_CURVE_ORDER) continue;
    const signer = await recoverAddress({
      hash: digest,
      signature: { r: attestation.r, s: attestation.s, v: BigInt(attestation.v) },
    }).catch(() => undefined);
    if (!signer || !isAddressEqual(signer, attestation.guardian)) continue;
    byIndex.set(index, { index, v: attestation.v, r: attestation.r, s: attestation.s });
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index).slice(0, set.quorum);
}
