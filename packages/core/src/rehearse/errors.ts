import { LockstepError } from '../errors/base.js';

/** Why a rehearsal could not run to its end (an unexpected storage change is a result, not an error). */
export type RehearsalErrorReason =
  /** No RPC for a network the proposal touches, or a fork of it could not be started. */
  | 'no-fork'
  /** The proposal is not on the forked hub as the file says (submitted after the fork block, other chain). */
  | 'proposal-not-on-fork'
  /** The proposal is past the point a rehearsal starts from (executed, cancelled, expired). */
  | 'proposal-not-pending'
  /** The file's signatures do not reach the council's quorum and no impersonation was asked for. */
  | 'short-of-quorum'
  /** A step of the real path failed on the fork (a revert, a missing message). */
  | 'step-failed'
  /** The deployment on a fork is not what the rehearsal can carry a message through. */
  | 'unsupported-deployment';

export type RehearsalErrorType = RehearsalError & { name: 'RehearsalError' };

/** A rehearsal stopped before its end; nothing was sent to a real chain (everything ran on forks). */
export class RehearsalError extends LockstepError {
  override name = 'RehearsalError' as const;
  readonly reason: RehearsalErrorReason;

  constructor(
    shortMessage: string,
    {
      reason,
      cause,
      metaMessages,
    }: { reason: RehearsalErrorReason; cause?: unknown; metaMessages?: readonly string[] },
  ) {
    super(shortMessage, { cause, metaMessages, docsPath: '#fork-rehearsal' });
    this.reason = reason;
  }
}
