import type { Hex } from 'viem';
import { LockstepError } from './base.js';

export type CanaryTooSoonErrorType = CanaryTooSoonError & { name: 'CanaryTooSoonError' };

/** The hub sends at most one canary per `CANARY_INTERVAL`; the last one is too recent. Nothing was sent. */
export class CanaryTooSoonError extends LockstepError {
  override name = 'CanaryTooSoonError' as const;
  /** The hub block time of the last canary (unix seconds). */
  readonly lastCanaryAt: number;
  /** The first hub block time at which the next canary is allowed (unix seconds). */
  readonly nextAllowedAt: number;

  constructor({ lastCanaryAt, nextAllowedAt, now }: { lastCanaryAt: number; nextAllowedAt: number; now: number }) {
    super(
      `the hub sent a canary at ${lastCanaryAt} and allows the next one from ${nextAllowedAt} (${nextAllowedAt - now} s from now) — wait, or read the last canary's latency instead`,
      { docsPath: '#canary' },
    );
    this.lastCanaryAt = lastCanaryAt;
    this.nextAllowedAt = nextAllowedAt;
  }
}

export type CanaryNotDeliveredErrorType = CanaryNotDeliveredError & { name: 'CanaryNotDeliveredError' };

/** A canary was not delivered on every chain before the timeout. */
export class CanaryNotDeliveredError extends LockstepError {
  override name = 'CanaryNotDeliveredError' as const;
  readonly canaryId: Hex;
  /** The chains that had not received it when the wait ended. */
  readonly pending: readonly number[];
  readonly timeoutMs: number;

  constructor({ canaryId, pending, timeoutMs }: { canaryId: Hex; pending: readonly number[]; timeoutMs: number }) {
    super(
      `canary ${canaryId} was not delivered on chain(s) ${pending.join(', ')} within ${Math.round(timeoutMs / 1000)} s — check that the guardian nodes and the relayer run (lockstep guardian, lockstep relay), or wait longer with --timeout`,
      { docsPath: '#canary' },
    );
    this.canaryId = canaryId;
    this.pending = pending;
    this.timeoutMs = timeoutMs;
  }
}
