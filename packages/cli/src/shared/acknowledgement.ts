/** A hub acknowledgement (`relay`, `execute-ready`) as the commands print and log it. */
import type { DeliveryReport } from '@lockstep/core/ack';
import { errorFields } from '../logger.js';

/** A hub acknowledgement for output: the error (if any) as name and message. */
export function acknowledgement(report: DeliveryReport) {
  const { outcome, messageId, chainId, before, hubState, receiverStatus } = report;
  return {
    messageId,
    chainId,
    outcome,
    before,
    hubState,
    receiverStatus: receiverStatus ?? null,
    ...('transactionHash' in report ? { transactionHash: report.transactionHash } : {}),
    ...('error' in report ? { error: errorFields(report.error) } : {}),
  };
}
