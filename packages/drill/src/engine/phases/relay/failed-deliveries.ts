/** A relayer pass's failed deliveries: a message refused as expired on arrival is named; others are notes. */
import { formatVirtualTime } from '../../../report/format.js';
import type { ChainState, DrillContext } from '../../drill-context.js';
import { expiredOnArrival } from '../../expired-on-arrival.js';

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
