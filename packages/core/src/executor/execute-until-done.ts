import type { Address, Hex } from 'viem';
import { type DeliveryReport, reportDeliveries } from '../ack/report-deliveries.js';
import { sleep } from '../chain/retry.js';
import type { SignerClient } from '../chain/types.js';
import { LockstepError } from '../errors/base.js';
import { type ExecuteReadyParameters, type ExecutionReport, executeReady } from './execute-ready.js';

export type ExecuteUntilDoneParameters = ExecuteReadyParameters & {
  /** Pause between rounds. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Stops the rounds early; the last reports are returned. */
  signal?: AbortSignal;
  /** Each round's reports, e.g. to log. */
  onRound?: (reports: ExecutionReport[]) => void;
  /**
   * A hub client whose account is a reporter of the hub (the config's `keys.reporter`). With it,
   * each round ends by acknowledging Executed on the hub (`reportDeliveries`) for every message
   * executed on its chain (by this call or before); a failed acknowledgement is tried again the
   * next round, and at most `ACKNOWLEDGE_EXTRA_ROUNDS` more rounds once every chain is final.
   */
  reporter?: { client: SignerClient; hub: Address };
  /** Each round's hub acknowledgements (only with `reporter`). */
  onAcknowledged?: (reports: DeliveryReport[]) => void;
};

export type ExecuteUntilDoneReturnType = ExecutionReport[];

/** Rounds spent retrying failed acknowledgements after every execution is final. */
export const ACKNOWLEDGE_EXTRA_ROUNDS = 3;

/** A report after which nothing more can happen on that chain. */
export function isFinalReport(report: ExecutionReport): boolean {
  return (
    report.status === 'executed' ||
    report.status === 'already-executed' ||
    report.status === 'expired' ||
    (report.status === 'not-queued' && report.receiverStatus === 'Cancelled')
  );
}

/**
 * The keeper loop: calls `executeReady` every `pollIntervalMs` for the chains not yet final, so a
 * chain whose execution reverted (or was not yet active) is tried again next round, until it
 * executes or its window expires. Returns the last report of every chain.
 *
 * @example
 * const reports = await executeUntilDone({ clients, receiver, messages, signal: AbortSignal.timeout(3_600_000) })
 */
export async function executeUntilDone(parameters: ExecuteUntilDoneParameters): Promise<ExecuteUntilDoneReturnType> {
  const { pollIntervalMs = 5000, signal, onRound, reporter, onAcknowledged, ...rest } = parameters;
  const last = new Map<string, ExecutionReport>();
  const key = (m: { messageId: string; chainId: number }) => `${m.chainId}:${m.messageId}`;
  /** Executed messages the hub has not yet been seen to acknowledge. */
  const unacknowledged = new Set<Hex>();
  let extraRounds = 0;
  for (;;) {
    const pending = rest.messages.filter((m) => {
      const report = last.get(key(m));
      return !report || !isFinalReport(report);
    });
    if (pending.length === 0 && (unacknowledged.size === 0 || extraRounds++ >= ACKNOWLEDGE_EXTRA_ROUNDS)) break;
    const reports = pending.length > 0 ? await executeReady({ ...rest, messages: pending }) : [];
    for (const report of reports) last.set(key(report), report);
    if (reports.length > 0) onRound?.(reports);
    if (reporter) {
      for (const report of reports) {
        if (report.status === 'executed' || report.status === 'already-executed') unacknowledged.add(report.messageId);
      }
      if (unacknowledged.size > 0) {
        const acknowledged = await acknowledgeExecuted(reporter, rest, [...unacknowledged]);
        for (const report of acknowledged) if (report.outcome !== 'failed') unacknowledged.delete(report.messageId);
        onAcknowledged?.(acknowledged);
      }
    }
    const done = rest.messages.every((m) => {
      const report = last.get(key(m));
      return report !== undefined && isFinalReport(report);
    });
    if ((done && (unacknowledged.size === 0 || extraRounds >= ACKNOWLEDGE_EXTRA_ROUNDS)) || signal?.aborted) break;
    await sleep(pollIntervalMs, signal);
    if (signal?.aborted) break;
  }
  return rest.messages.flatMap((m) => {
    const report = last.get(key(m));
    return report ? [report] : [];
  });
}

/** `reportDeliveries` for executed messages; a thrown error becomes a failed report per message. */
async function acknowledgeExecuted(
  reporter: { client: SignerClient; hub: Address },
  parameters: ExecuteReadyParameters,
  messageIds: Hex[],
): Promise<DeliveryReport[]> {
  try {
    return await reportDeliveries(reporter.client, {
      hub: reporter.hub,
      receiver: parameters.receiver,
      clients: parameters.clients,
      messageIds,
      ...(parameters.retry ? { retry: parameters.retry } : {}),
    });
  } catch (cause) {
    const error = cause instanceof Error ? cause : new LockstepError(String(cause));
    const chainOf = new Map(parameters.messages.map((m) => [m.messageId, m.chainId]));
    return messageIds.map((messageId) => ({
      messageId,
      chainId: chainOf.get(messageId) ?? 0,
      receiverStatus: undefined,
      before: 'None',
      hubState: 'None',
      outcome: 'failed',
      error,
    }));
  }
}
