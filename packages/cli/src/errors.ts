import { LockstepError } from '@lockstep/core/errors';

export type UsageErrorType = UsageError & { name: 'UsageError' };

/** The command line itself is wrong (unknown command or flag, bad value): exit code 2. */
export class UsageError extends LockstepError {
  override name = 'UsageError' as const;
  /** The help text of the command concerned (or the command list). */
  readonly usage: string;
  /** Every problem found, one line each (the short message joins them). */
  readonly problems: readonly string[];

  constructor(shortMessage: string, { usage, problems = [] }: { usage: string; problems?: readonly string[] }) {
    super(shortMessage);
    this.usage = usage;
    this.problems = problems;
  }
}

/** Why an action that asks for confirmation did not go ahead. */
export type NotConfirmedReason =
  /** stdin is not a terminal and `--yes` was not passed: nobody can answer. */
  | 'not-a-terminal'
  /** The question was asked and the answer was not "yes". */
  | 'declined';

export type NotConfirmedErrorType = NotConfirmedError & { name: 'NotConfirmedError' };

/** An action that signs or sends was not confirmed (exit code 1): nothing was signed or sent. */
export class NotConfirmedError extends LockstepError {
  override name = 'NotConfirmedError' as const;
  readonly reason: NotConfirmedReason;

  constructor(shortMessage: string, { reason }: { reason: NotConfirmedReason }) {
    super(shortMessage);
    this.reason = reason;
  }
}
