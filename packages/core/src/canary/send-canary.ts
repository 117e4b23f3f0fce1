/**
 * Asks the GovernanceHub for a canary (`dispatchCanary`): one no-op message to every configured
 * chain, carried by the same guardians, adapters and receiver checks as an upgrade.
 */
import { governanceHubAbi } from '@lockstep/client';
import { type Address, type Hex, parseEventLogs } from 'viem';
import { simulateContract, writeContract } from 'viem/actions';
import { decodeRevert } from '../chain/decode-revert.js';
import type { RetryOptions } from '../chain/retry.js';
import { receiptOf } from '../chain/send-and-wait.js';
import type { SignerClient } from '../chain/types.js';
import { ReporterNotAllowedError, type ReporterNotAllowedErrorType } from '../errors/ack.js';
import { CanaryTooSoonError, type CanaryTooSoonErrorType } from '../errors/canary.js';
import { ContractRevertError, type ContractRevertErrorType } from '../errors/chain.js';

export type SendCanaryParameters = {
  /** The GovernanceHub. */
  hub: Address;
  retry?: RetryOptions;
};

/** One chain's canary message. */
export type CanaryMessage = { messageId: Hex; chainId: number };

export type SendCanaryReturnType = {
  canaryId: Hex;
  /** The hub's block time at dispatch (unix seconds), which every message carries. */
  sentAt: number;
  transactionHash: Hex;
  /** The hub block of the dispatch: the destinations' `CanaryReceived` logs come after it. */
  blockNumber: bigint;
  /** One message per configured chain, in the hub's configuration order. */
  messages: CanaryMessage[];
};

export type SendCanaryErrorType = ReporterNotAllowedErrorType | CanaryTooSoonErrorType | ContractRevertErrorType;

/**
 * Sends a canary from `client`'s account, which must be a hub reporter (the config's
 * `keys.reporter`). Simulated first, so a refusal sends nothing: `ReporterNotAllowedError` when
 * the account is no reporter, `CanaryTooSoonError` inside the hub's `CANARY_INTERVAL`. Any other
 * revert is a `ContractRevertError`.
 *
 * @example
 * const { canaryId, messages } = await sendCanary(reporterClient, { hub })
 */
export async function sendCanary(
  client: SignerClient,
  { hub, retry }: SendCanaryParameters,
): Promise<SendCanaryReturnType> {
  let hash: Hex;
  try {
    // The simulation is the check: a refusal costs nothing and names the hub's own reason.
    const { request } = await simulateContract(client, {
      account: client.account,
      chain: client.chain,
      address: hub,
      abi: governanceHubAbi,
      functionName: 'dispatchCanary',
    });
    hash = await writeContract(client, request);
  } catch (error) {
    throw refusal(error, client.account.address, hub);
  }
  const receipt = await receiptOf(client, hash, retry);
  const [dispatched] = parseEventLogs({ abi: governanceHubAbi, eventName: 'CanaryDispatched', logs: receipt.logs });
  if (receipt.status !== 'success' || !dispatched) {
    throw new ContractRevertError({ functionName: 'dispatchCanary', errorName: undefined, hint: `in ${hash}` });
  }
  const messages = parseEventLogs({ abi: governanceHubAbi, eventName: 'MessageDispatched', logs: receipt.logs })
    .filter((log) => log.address.toLowerCase() === hub.toLowerCase())
    .map((log) => ({ messageId: log.args.messageId, chainId: Number(log.args.dstChainId) }));
  return {
    canaryId: dispatched.args.canaryId,
    sentAt: dispatched.args.sentAt,
    transactionHash: hash,
    blockNumber: receipt.blockNumber,
    messages,
  };
}

/** The hub's refusal as a typed error (`HubNotReporter`, `HubCanaryTooSoon`, else a `ContractRevertError`). */
function refusal(error: unknown, account: Address, hub: Address): Error {
  const revert = decodeRevert(error);
  if (!revert) return error instanceof Error ? error : new Error(String(error));
  if (revert.errorName === 'HubNotReporter') return new ReporterNotAllowedError({ reporter: account, hub });
  if (revert.errorName === 'HubCanaryTooSoon') {
    const [lastCanaryAt, nextAllowedAt, now] = revert.args.map(Number);
    return new CanaryTooSoonError({
      lastCanaryAt: lastCanaryAt ?? 0,
      nextAllowedAt: nextAllowedAt ?? 0,
      now: now ?? 0,
    });
  }
  return new ContractRevertError({ functionName: 'dispatchCanary', ...revert, cause: error });
}
