import { governanceHubAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { readContract, simulateContract, writeContract } from 'viem/actions';
import { decodeRevert } from '../chain/decode-revert.js';
import { type RetryOptions, withRetry } from '../chain/retry.js';
import { receiptOf } from '../chain/send-and-wait.js';
import type { ReadClient, SignerClient } from '../chain/types.js';
import { ReporterNotAllowedError, type ReporterNotAllowedErrorType } from '../errors/ack.js';
import { LockstepError } from '../errors/base.js';
import { ContractRevertError, type TransientRetriesExhaustedErrorType } from '../errors/chain.js';
import { type MessageStatus, readMessageState } from '../message/receiver-state.js';
import { type HubDeliveryState, hubStateFor, hubStateIndex, readHubMessageState } from './hub-state.js';

export type ReportDeliveriesParameters = {
  /** The GovernanceHub. */
  hub: Address;
  /** The UpgradeReceiver (the same address on every chain). */
  receiver: Address;
  /** A client per destination chain id, to read each receiver's `messageState`. */
  clients: Readonly<Record<number, ReadClient>>;
  /** The hub messages to acknowledge; each one's destination is read from the hub. */
  messageIds: readonly Hex[];
  retry?: RetryOptions;
};

type ReportBase = {
  messageId: Hex;
  /** The destination chain id, as the hub recorded it (0 for a message the hub never sent). */
  chainId: number;
  /** The receiver's status on the destination; `undefined` when it could not be read. */
  receiverStatus: MessageStatus | undefined;
  /** The hub's state when this call read it. */
  before: HubDeliveryState;
  /** The hub's state afterwards, as far as this call knows. */
  hubState: HubDeliveryState;
};

/** What happened to one message's acknowledgement. */
export type DeliveryReport = ReportBase &
  /** This call moved the hub forward with `markDelivery`. */
  (
    | { outcome: 'marked'; transactionHash: Hex }
    /** The hub already shows what the receiver shows (or more): nothing to send. */
    | { outcome: 'up-to-date' }
    /** The receiver has nothing to acknowledge yet (None or Pending), or it was Cancelled. */
    | { outcome: 'not-reached' }
    /** Another reporter moved the hub first (`HubStateNotForward`): not an error. */
    | { outcome: 'raced' }
    /** The hub never sent this message. */
    | { outcome: 'unknown-message' }
    /** Reading or sending failed; call again to retry. */
    | { outcome: 'failed'; error: Error }
  );

export type ReportDeliveriesReturnType = DeliveryReport[];

export type ReportDeliveriesErrorType = ReporterNotAllowedErrorType | TransientRetriesExhaustedErrorType;

/**
 * Acknowledges deliveries on the hub: for each message, reads the destination receiver's
 * `messageState` and moves the hub's record forward to match it with
 * `GovernanceHub.markDelivery` (Queued when the receiver is Queued, Executed when it is Executed,
 * straight from Dispatched to Executed when the Queued acknowledgement was missed).
 *
 * The chains are the only record: a message whose hub state is already there (or further) is
 * left alone, and the hub's state never moves backwards, so calling this again, or from several
 * processes at once, is harmless. Losing a race to another reporter (`HubStateNotForward`) is
 * reported `raced`, not as an error. Transactions are sent one after the other from `client`'s
 * account, which must be a reporter of the hub (`ReporterNotAllowedError` otherwise, before any
 * transaction). Every other failure is per message (`outcome: 'failed'`), never thrown.
 *
 * @example
 * const reports = await reportDeliveries(hubReporterClient, { hub, receiver, clients: { 42161: arbitrum }, messageIds })
 */
export async function reportDeliveries(
  client: SignerClient,
  parameters: ReportDeliveriesParameters,
): Promise<ReportDeliveriesReturnType> {
  const { hub, receiver, clients, retry } = parameters;
  const reporter = client.account.address;
  const allowed = await withRetry(
    'hub isReporter',
    () => readContract(client, { address: hub, abi: governanceHubAbi, functionName: 'isReporter', args: [reporter] }),
    retry,
  );
  if (!allowed) throw new ReporterNotAllowedError({ reporter, hub });

  // Reads in parallel; writes one by one (one account, one nonce sequence).
  const planned = await Promise.all(
    [...new Set(parameters.messageIds)].map((messageId) => plan(client, { hub, receiver, clients, retry, messageId })),
  );
  const reports: DeliveryReport[] = [];
  for (const step of planned) {
    reports.push('target' in step ? await mark(client, hub, step, retry) : step);
  }
  return reports;
}

type Planned = ReportBase & { target: HubDeliveryState };

async function plan(
  hubClient: ReadClient,
  parameters: Omit<ReportDeliveriesParameters, 'messageIds'> & { messageId: Hex },
): Promise<DeliveryReport | Planned> {
  const { hub, receiver, clients, retry, messageId } = parameters;
  let base: ReportBase = { messageId, chainId: 0, receiverStatus: undefined, before: 'None', hubState: 'None' };
  try {
    const sent = await readHubMessageState(hubClient, hub, messageId, retry);
    base = { ...base, chainId: sent.chainId, before: sent.state, hubState: sent.state };
    if (sent.state === 'None') return { ...base, outcome: 'unknown-message' };
    const destination = clients[sent.chainId];
    if (!destination) {
      return { ...base, outcome: 'failed', error: new LockstepError(`no client for chain ${sent.chainId}`) };
    }
    const { status } = await readMessageState(destination, receiver, messageId, retry);
    base = { ...base, receiverStatus: status };
    const target = hubStateFor(status);
    if (!target) return { ...base, outcome: 'not-reached' };
    if (hubStateIndex(target) <= hubStateIndex(sent.state)) return { ...base, outcome: 'up-to-date' };
    return { ...base, target };
  } catch (error) {
    return { ...base, outcome: 'failed', error: asError(error) };
  }
}

async function mark(
  client: SignerClient,
  hub: Address,
  planned: Planned,
  retry: RetryOptions | undefined,
): Promise<DeliveryReport> {
  const { target, ...base } = planned;
  const { messageId } = base;
  const hubChainId = client.chain?.id ?? 0;
  const raced = async (): Promise<DeliveryReport> => {
    const now = await readHubMessageState(client, hub, messageId, retry);
    return { ...base, hubState: now.state, outcome: 'raced' };
  };
  try {
    const sent = await withRetry(
      `markDelivery(${messageId}, ${target})`,
      async (): Promise<Hex | 'raced'> => {
        try {
          const { request } = await simulateContract(client, {
            account: client.account,
            chain: client.chain,
            address: hub,
            abi: governanceHubAbi,
            functionName: 'markDelivery',
            args: [messageId, hubStateIndex(target)],
          });
          return await writeContract(client, request);
        } catch (error) {
          const revert = decodeRevert(error);
          if (!revert) throw error;
          if (revert.errorName === 'HubStateNotForward') return 'raced';
          throw new ContractRevertError({
            messageId,
            chainId: hubChainId,
            functionName: 'markDelivery',
            ...revert,
            cause: error,
          });
        }
      },
      retry,
    );
    if (sent === 'raced') return await raced();
    const receipt = await receiptOf(client, sent, retry);
    if (receipt.status !== 'success') {
      // Mined but reverted: another reporter's transaction landed first, or something else failed.
      const now = await readHubMessageState(client, hub, messageId, retry);
      if (hubStateIndex(now.state) >= hubStateIndex(target)) return { ...base, hubState: now.state, outcome: 'raced' };
      throw new ContractRevertError({
        messageId,
        chainId: hubChainId,
        functionName: 'markDelivery',
        errorName: undefined,
      });
    }
    return { ...base, hubState: target, outcome: 'marked', transactionHash: sent };
  } catch (error) {
    return { ...base, outcome: 'failed', error: asError(error) };
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new LockstepError(String(error));
}
