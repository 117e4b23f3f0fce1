/** The bundle's time window: not before `notBefore`, never at or after `expiresAt`. */
import type { Bundle } from './bundle.js';
import { PresignError } from './errors.js';

/** Throws `PresignError` `expired` when `now` (unix seconds) is at or past the bundle's expiry. */
export function checkNotExpired(bundle: Pick<Bundle, 'expiresAt' | 'proposal'>, now: number): void {
  if (now < bundle.expiresAt) return;
  throw new PresignError(
    `the bundle for ${bundle.proposal} expired at ${new Date(bundle.expiresAt * 1000).toISOString()} — do not broadcast it; create a new bundle (and retire this one by using its nonces)`,
    { reason: 'expired' },
  );
}

/** Resolves once the clock reaches `notBefore` (at once if it has), reporting the wait every `tick` ms. */
export async function waitUntil(
  notBefore: number,
  {
    now = () => Date.now() / 1000,
    tick = 10_000,
    onWait,
  }: { now?: () => number; tick?: number; onWait?: (secondsLeft: number) => void } = {},
): Promise<void> {
  for (let left = notBefore - now(); left > 0; left = notBefore - now()) {
    onWait?.(Math.ceil(left));
    await new Promise((resolve) => setTimeout(resolve, Math.min(left * 1000, tick)));
  }
}
