import { upgradeReceiverAbi } from '@lockstep/client';
import { type Address, encodeFunctionData, type Hex, keccak256 } from 'viem';
import { getBlock, prepareTransactionRequest, sendRawTransaction, simulateContract, writeContract } from 'viem/actions';
import { decodeRevert } from '../chain/decode-revert.js';
import { type RetryOptions, withRetry } from '../chain/retry.js';
import { receiptOf } from '../chain/send-and-wait.js';
import type { SignerClient } from '../chain/types.js';
import { LockstepError } from '../errors/base.js';
import { ContractRevertError } from '../errors/chain.js';
import type { DispatchedMessage } from '../message/dispatched.js';
import { type MessageStatus, readMessageState } from '../message/receiver-state.js';

export type ExecutionTarget = Pick<DispatchedMessage, 'messageId' | 'chainId' | 'encoded'>;

export type ExecuteReadyParameters = {
  /** A signing client per destination chain id. */
  clients: Readonly<Record<number, SignerClient>>;
  /** The UpgradeReceiver (the same address on every chain). */
  receiver: Address;
  /** The messages of one upgrade, one per chain (as `scanDispatched` returns them). */
  messages: readonly ExecutionTarget[];
  retry?: RetryOptions;
  /**
   * The timestamp of the block the executions are meant for: a keeper that broadcasts ahead of a
   * known next block (a slot chain) is judged ready, and simulated, at that time. Default: the
   * latest block's timestamp (the transaction lands in a later block, never an earlier time).
   */
  at?: bigint;
  /** Called once per chain when its node accepted the transaction (before it is mined). */
  onBroadcast?: (broadcast: { chainId: number; messageId: Hex; transactionHash: Hex }) => void;
  /**
   * EIP-1559 fees for every execution (a keeper's fee policy: its offer within its cap). Default:
   * the client's estimate. A node refuses an offer below the next block's base fee: the report is
   * `failed` with the node's reason (`max fee per gas less than block base fee`).
   */
  fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
};

type Base = { chainId: number; messageId: Hex };

/** What happened on one chain. */
export type ExecutionReport = Base &
  (
    | { status: 'executed'; transactionHash: Hex; blockNumber: bigint; timestamp: bigint }
    /** Executed before this call (by anyone). */
    | { status: 'already-executed' }
    | { status: 'not-yet-active'; executableAt: number; chainTime: bigint }
    | { status: 'expired'; expiresAt: number; chainTime: bigint }
    /** None, Pending or Cancelled: there is nothing to execute (deliver it first, or it was vetoed). */
    | { status: 'not-queued'; receiverStatus: MessageStatus }
    /** The execution reverts (or reverted): `reason` names the decoded custom error. Retry next round. */
    | { status: 'failed'; reason: string; error: Error }
  );

export type ExecuteReadyReturnType = ExecutionReport[];

export type ExecuteReadyErrorType = never;

/**
 * Executes a queued upgrade on every chain where it is due, as close together as the chains allow.
 *
 * Reads each receiver's `messageState` and the chain's latest block time; a chain whose message is
 * Queued with `executableAt ≤ chain time < expiresAt` is ready. Every ready execution is first
 * simulated (a revert is reported `failed` with the decoded custom error, e.g.
 * `ReceiverCodehashMismatch(...)`), then signed in advance, and only then are all broadcast at once
 * (`Promise.allSettled`), so the transactions leave together. Never throws: every chain gets a
 * report. A failed chain stays Queued on-chain; call again (see `executeUntilDone`) to retry until
 * it expires. Several messages to one chain need an account with a nonce manager
 * (`withNonceManager`), so that their transactions, signed in advance, get consecutive nonces.
 *
 * @example
 * const reports = await executeReady({ clients: { 1: hub, 42161: arbitrum }, receiver, messages })
 */
export async function executeReady(parameters: ExecuteReadyParameters): Promise<ExecuteReadyReturnType> {
  const { clients, receiver, retry } = parameters;
  const reports = await Promise.all(
    parameters.messages.map(async (message): Promise<ExecutionReport | Ready> => {
      const base = { chainId: message.chainId, messageId: message.messageId };
      const client = clients[message.chainId];
      if (!client) return failed(base, new LockstepError(`no client for chain ${message.chainId}`));
      try {
        const [state, block] = await Promise.all([
          readMessageState(client, receiver, message.messageId, retry),
          withRetry('latest block', () => getBlock(client, { blockTag: 'latest' }), retry),
        ]);
        const chainTime =
          parameters.at !== undefined && parameters.at > block.timestamp ? parameters.at : block.timestamp;
        if (state.status === 'Executed') return { ...base, status: 'already-executed' };
        if (state.status !== 'Queued') return { ...base, status: 'not-queued', receiverStatus: state.status };
        if (chainTime >= BigInt(state.expiresAt))
          return { ...base, status: 'expired', expiresAt: state.expiresAt, chainTime };
        if (chainTime < BigInt(state.executableAt)) {
          return { ...base, status: 'not-yet-active', executableAt: state.executableAt, chainTime };
        }
        // Simulated against the block it is meant for (`at`), else the next one, which it lands in.
        await withRetry(
          `simulate execute on chain ${message.chainId}`,
          () =>
            simulateContract(client, {
              account: client.account,
              chain: client.chain,
              address: receiver,
              abi: upgradeReceiverAbi,
              functionName: 'execute',
              args: [message.encoded],
              ...(chainTime > block.timestamp ? { blockOverrides: { time: chainTime } } : {}),
            }),
          retry,
        );
        const send = await prepareSend(client, receiver, message.encoded, retry, parameters.fees);
        return { ready: true, base, client, send };
      } catch (error) {
        return failed(base, toRevertError(message, error));
      }
    }),
  );

  // Every ready chain is signed: broadcast them all at once.
  const sent = await Promise.allSettled(
    reports.map(async (report) => {
      if (!('ready' in report)) return undefined;
      const transactionHash = await report.send();
      parameters.onBroadcast?.({ ...report.base, transactionHash });
      return transactionHash;
    }),
  );
  return Promise.all(
    reports.map(async (report, i): Promise<ExecutionReport> => {
      if (!('ready' in report)) return report;
      const { base, client } = report;
      const outcome = sent[i];
      if (!outcome || outcome.status === 'rejected' || !outcome.value) {
        return failed(base, toRevertError(base, outcome?.status === 'rejected' ? outcome.reason : undefined));
      }
      const hash = outcome.value;
      try {
        const receipt = await receiptOf(client, hash, retry);
        if (receipt.status !== 'success') {
          return failed(
            base,
            new ContractRevertError({
              messageId: base.messageId,
              chainId: base.chainId,
              functionName: 'execute',
              errorName: undefined,
            }),
          );
        }
        const block = await withRetry('block', () => getBlock(client, { blockNumber: receipt.blockNumber }), retry);
        return {
          ...base,
          status: 'executed',
          transactionHash: hash,
          blockNumber: receipt.blockNumber,
          timestamp: block.timestamp,
        };
      } catch (error) {
        return failed(base, error instanceof Error ? error : new LockstepError(String(error)));
      }
    }),
  );
}

type Ready = { ready: true; base: Base; client: SignerClient; send: () => Promise<Hex> };

/** Prepares (and, for a local account, signs) the execution now, so that sending is one RPC call. */
async function prepareSend(
  client: SignerClient,
  receiver: Address,
  encoded: Hex,
  retry?: RetryOptions,
  fees?: ExecuteReadyParameters['fees'],
) {
  const data = encodeFunctionData({ abi: upgradeReceiverAbi, functionName: 'execute', args: [encoded] });
  const account = client.account;
  if (account.type !== 'local') {
    return () =>
      writeContract(client, {
        account,
        chain: client.chain,
        address: receiver,
        abi: upgradeReceiverAbi,
        functionName: 'execute',
        args: [encoded],
        ...fees,
      });
  }
  const request = await withRetry(
    'prepare execute',
    () =>
      prepareTransactionRequest(client, {
        account,
        chain: client.chain,
        to: receiver,
        data,
        ...fees,
        // viem takes the manager from the request, not the account: without it, two executions
        // signed in advance on one chain would get the same nonce.
        ...(account.nonceManager ? { nonceManager: account.nonceManager } : {}),
      }),
    retry,
  );
  const serialized = await account.signTransaction(request as Parameters<typeof account.signTransaction>[0]);
  // The broadcast is retried like every other call: a rate-limited or dropped request never reached
  // the node. A retry of one that did is told it is known already: that is its hash.
  return () =>
    withRetry(
      'broadcast execute',
      () =>
        sendRawTransaction(client, { serializedTransaction: serialized }).catch((error: unknown) => {
          if (error instanceof Error && /already known/i.test(error.message)) return keccak256(serialized);
          throw error;
        }),
      retry,
    );
}

function toRevertError(message: Pick<ExecutionTarget, 'messageId' | 'chainId'>, error: unknown): Error {
  const revert = decodeRevert(error);
  if (revert) {
    return new ContractRevertError({
      messageId: message.messageId,
      chainId: message.chainId,
      functionName: 'execute',
      ...revert,
      cause: error,
    });
  }
  return error instanceof Error ? error : new LockstepError(String(error));
}

function failed(base: Base, error: Error): ExecutionReport {
  const reason =
    error instanceof ContractRevertError && error.errorName
      ? `${error.errorName}(${error.args.map(String).join(', ')})`
      : error instanceof LockstepError
        ? error.shortMessage
        : error.message;
  return { ...base, status: 'failed', reason, error };
}
