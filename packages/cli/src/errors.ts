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
