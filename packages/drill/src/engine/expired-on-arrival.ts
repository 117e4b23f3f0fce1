/**
 * A message that reaches its chain too late: the receiver refuses it with
 * `ReceiverExpiredOnArrival(messageId, executableAt, expiresAt)` (the earliest execution it could
 * allow lies at or past the message's expiry). Nothing can ever execute it there: the chain stays on
 * its current implementation until the council proposes again. The drill names it per chain (report,
 * timeline, alert) instead of leaving a revert dump behind.
 */
import { ContractRevertError, FallbackRevertError } from '@lockstep/core/errors';

/** The receiver's refusal of a late message, in virtual seconds since the start. */
export type ExpiredOnArrival = {
  /** When the delivery was refused. */
  at: number;
  /** The earliest execution the receiver would have allowed. */
  executableAt: number;
  /** The message's expiry on this chain. */
  expiresAt: number;
};

/** The decoded `ReceiverExpiredOnArrival` refusal inside a failed delivery, or undefined. */
export function expiredOnArrival(error: Error, origin: number, at: number): ExpiredOnArrival | undefined {
  // From the guardians' delivery (the relayer) or the fallback council's ratification.
  const reverted = error instanceof ContractRevertError || error instanceof FallbackRevertError;
  if (!reverted || error.errorName !== 'ReceiverExpiredOnArrival') return undefined;
  const [, executableAt, expiresAt] = error.args;
  if (typeof executableAt !== 'number' && typeof executableAt !== 'bigint') return undefined;
  if (typeof expiresAt !== 'number' && typeof expiresAt !== 'bigint') return undefined;
  return { at, executableAt: Number(executableAt) - origin, expiresAt: Number(expiresAt) - origin };
}
