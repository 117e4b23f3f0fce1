/** The scenario's own system cannot be deployed or checked as written; the message names the fix. */
import { LockstepError } from '@lockstep/core/errors';

export class OwnSystemError extends LockstepError {
  override name = 'OwnSystemError' as const;
}
