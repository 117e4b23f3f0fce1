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
  /**
   * How the acknowledgements are submitted: `send` sends every `markDelivery` one after the other
   * without waiting for a receipt; receipts are awaited once `submit` returns. By default `send`
   * is simply called (on a live chain the transactions then share the next block or two). A caller
   * that builds the hub's blocks itself (a drill's virtual clock) wraps `send` and mines the one
   * block they all land in.
   */
  submit?: (send: () => Promise<void>) => Promise<void>;
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
 * transaction), without waiting for each one's receipt: every receipt is awaited once all are sent,
 * so N acknowledgements cost about one hub block, not N. Every other failure is per message
 * (`outcome: 'failed'`), never thrown.
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

  // Reads in parallel; sends one by one (one account, one nonce sequence); then every receipt.
  const planned = await Promise.all(
    [...new Set(parameters.messageIds)].map((messageId) => plan(client, { hub, receiver, clients, retry, messageId })),
  );
  const sent = new Map<Planned, Hex | DeliveryReport>();
  const send = async () => {
    for (const step of planned) if ('target' in step) sent.set(step, await submitMark(client, hub, step, retry));
  };
  await (parameters.submit ? parameters.submit(send) : send());
  return await Promise.all(
    planned.map(async (step) => {
      if (!('target' in step)) return step;
      const submitted = sent.get(step);
      if (submitted === undefined) {
        return { ...baseOf(step), outcome: 'failed', error: new LockstepError('the acknowledgement was not sent') };
      }
      return typeof submitted === 'string' ? await confirmMark(client, hub, step, submitted, retry) : submitted;
    }),
  );
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

function baseOf(planned: Planned): ReportBase {
  const { target: _target, ...base } = planned;
  return base;
}

/** Another reporter moved the hub first: its state now. */
async function raced(client: SignerClient, hub: Address, planned: Planned, retry: RetryOptions | undefined) {
  const now = await readHubMessageState(client, hub, planned.messageId, retry);
  return { ...baseOf(planned), hubState: now.state, outcome: 'raced' } as const;
}

/** Sends one `markDelivery`: its transaction hash, or the report when it was not sent (raced or failed). */
async function submitMark(
  client: SignerClient,
  hub: Address,
  planned: Planned,
  retry: RetryOptions | undefined,
): Promise<Hex | DeliveryReport> {
  const { target, messageId } = planned;
  const hubChainId = client.chain?.id ?? 0;
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
    return sent === 'raced' ? await raced(client, hub, planned, retry) : sent;
  } catch (error) {
    return { ...baseOf(planned), outcome: 'failed', error: asError(error) };
  }
}

/** Waits for a sent `markDelivery`'s receipt: marked, raced (another reporter's landed first) or failed. */
async function confirmMark(
  client: SignerClient,
  hub: Address,
  planned: Planned,
  transactionHash: Hex,
  retry: RetryOptions | undefined,
): Promise<DeliveryReport> {
  const { target, messageId } = planned;
  const base = baseOf(planned);
  try {
    const receipt = await receiptOf(client, transactionHash, retry);
    if (receipt.status !== 'success') {
      // Mined but reverted: another reporter's transaction landed first, or something else failed.
      const now = await readHubMessageState(client, hub, messageId, retry);
      if (hubStateIndex(now.state) >= hubStateIndex(target)) return { ...base, hubState: now.state, outcome: 'raced' };
      throw new ContractRevertError({
        messageId,
        chainId: client.chain?.id ?? 0,
        functionName: 'markDelivery',
        errorName: undefined,
      });
    }
    return { ...base, hubState: target, outcome: 'marked', transactionHash };
  } catch (error) {
    return { ...base, outcome: 'failed', error: asError(error) };
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new LockstepError(String(error));
}
