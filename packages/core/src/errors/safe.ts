import { LockstepError } from './base.js';

/** Why a Safe council member's approval (batch export or signature import) was refused. */
export type SafeErrorReason =
  /** The input (the `--signatures` values, a batch file, the proposal file's state) is not usable. */
  | 'invalid-input'
  /** The address is not a Safe on the hub (no code, or no `getOwners`/`getThreshold`). */
  | 'not-a-safe'
  /** A signature recovers to an address that is not one of the Safe's owners. */
  | 'not-owner'
  /** One owner signed twice. */
  | 'duplicate-owner'
  /** Fewer owners signed than the Safe's threshold. */
  | 'below-threshold'
  /** The Safe's own `isValidSignature` refuses the assembled signature. */
  | 'refused';

export type SafeErrorType = SafeError & { name: 'SafeError' };

/** A Safe member's approval refused before anything was written or sent. */
export class SafeError extends LockstepError {
  override name = 'SafeError' as const;
  readonly reason: SafeErrorReason;

  constructor(
    shortMessage: string,
    { reason, cause, metaMessages }: { reason: SafeErrorReason; cause?: unknown; metaMessages?: readonly string[] },
  ) {
    super(shortMessage, { cause, metaMessages, docsPath: '#councils-with-safe-members' });
    this.reason = reason;
  }
}
