import { sleep } from '../relay/retry.js';
import { type ExecuteReadyParameters, type ExecutionReport, executeReady } from './execute-ready.js';

export type ExecuteUntilDoneParameters = ExecuteReadyParameters & {
  /** Pause between rounds. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Stops the rounds early; the last reports are returned. */
  signal?: AbortSignal;
  /** Each round's reports, e.g. to log. */
  onRound?: (reports: ExecutionReport[]) => void;
};

export type ExecuteUntilDoneReturnType = ExecutionReport[];

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
  const { pollIntervalMs = 5000, signal, onRound, ...rest } = parameters;
  const last = new Map<string, ExecutionReport>();
  const key = (m: { messageId: string; dstChainId?: number; chainId?: number }) =>
    `${m.dstChainId ?? m.chainId}:${m.messageId}`;
  for (;;) {
    const pending = rest.messages.filter((m) => {
      const report = last.get(key(m));
      return !report || !isFinalReport(report);
    });
    if (pending.length === 0) break;
    const reports = await executeReady({ ...rest, messages: pending });
    for (const report of reports) last.set(key(report), report);
    onRound?.(reports);
    if (reports.every(isFinalReport) || signal?.aborted) break;
    await sleep(pollIntervalMs, signal);
    if (signal?.aborted) break;
  }
  return rest.messages.flatMap((m) => {
    const report = last.get(key(m));
    return report ? [report] : [];
  });
}
