/**
 * How the CLI shows what an emergency delivery did to each target: one line per delivery, and a
 * warning naming every target left not as the council asked (not registered, failed, stale), so a
 * delivery that went through on chain never reads as plain success when a target was not handled.
 */
import type { EmergencyDelivery, EmergencyTargetResult } from '@lockstep/core/emergency';

/** `paused` / `unpaused` for an applied target, else the outcome's name. */
export function outcomeWord(result: EmergencyTargetResult): string {
  if (result.outcome === 'applied') return result.pause ? 'paused' : 'unpaused';
  if (result.outcome === 'unchanged') return result.pause ? 'already paused' : 'already unpaused';
  return result.outcome;
}

/** `pause on arbitrum: 0xabc… paused, 0xdef… not-registered`. */
export function emergencyLine(chain: string, emergency: EmergencyDelivery): string {
  const targets = emergency.targets.map((t) => `${t.target} ${outcomeWord(t)}`).join(', ');
  return `${emergency.pause ? 'pause' : 'unpause'} on ${chain}: ${targets}`;
}

/** The warning for a delivery with problem targets; `undefined` when every target was handled. */
export function emergencyWarning(chain: string, messageId: string, emergency: EmergencyDelivery): string | undefined {
  if (emergency.problems.length === 0) return undefined;
  const what = emergency.pause ? 'pause' : 'unpause';
  const targets = emergency.problems.map((t) => `${t.target} (${t.outcome})`).join(', ');
  return `${what} ${messageId} on ${chain} was delivered, but ${emergency.problems.length} of ${emergency.targets.length} target(s) were NOT ${emergency.pause ? 'paused' : 'unpaused'}: ${targets} — check each target (registered with the receiver? pausable? a newer pause?)`;
}
