/**
 * A message that reaches its chain too late: the receiver refuses it with
 * `ReceiverExpiredOnArrival(messageId, executableAt, expiresAt)` (the earliest execution it could
 * allow lies at or past the message's expiry). Nothing can ever execute it there: the chain stays on
 * its current implementation until the council proposes again. The drill names it per chain (report,
 * timeline, alert) instead of leaving a revert dump behind.
 */
import { ContractRevertError, FallbackRevertError } from '@lockstep/core/errors';
import { formatVirtualTime } from '../report/format.js';
import type { ChainState, DrillContext } from './drill-context.js';

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

/**
 * Reads a relayer pass's failed deliveries: each expired-on-arrival refusal marks its chain (done,
 * nothing left to execute there), puts it on the timeline and raises `message-expired`; any other
 * failure is a progress note. Returns the chains whose message expired.
 */
export function noteFailedDeliveries(
  ctx: DrillContext,
  states: readonly ChainState[],
  failed: readonly { chainId: number; error: Error }[],
): ChainState[] {
  const { clock, recorder } = ctx;
  const expired: ChainState[] = [];
  for (const failure of failed) {
    const state = states.find((s) => s.chain.chainId === failure.chainId);
    const refusal = expiredOnArrival(failure.error, clock.origin, clock.now);
    if (!state || !refusal) {
      recorder.note(`delivery to chain ${failure.chainId} failed: ${failure.error.message}`);
      continue;
    }
    if (state.expiredOnArrival) continue;
    state.expiredOnArrival = refusal;
    state.done = true;
    expired.push(state);
    const name = state.chain.name;
    recorder.mark({ at: clock.now, chain: name, kind: 'expired', label: 'expired on arrival' });
    recorder.alert(
      'message-expired',
      name,
      clock.now,
      `the message to ${name} arrived after its expiry (earliest execution ${formatVirtualTime(refusal.executableAt)}, expiry ${formatVirtualTime(refusal.expiresAt)}): the receiver refused it (ReceiverExpiredOnArrival) and ${name} stays on its current implementation. Re-propose the upgrade for ${name}.`,
      clock.now, // seen in the refusal itself
    );
  }
  return expired;
}
