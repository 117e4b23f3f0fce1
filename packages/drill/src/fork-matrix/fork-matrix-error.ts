import { LockstepError } from '@lockstep/core/errors';

export type ForkMatrixErrorType = ForkMatrixError & { name: 'ForkMatrixError' };

/** The fork matrix could not run at all (no kept chains, no deployment addresses, forge would not build). */
export class ForkMatrixError extends LockstepError {
  override name = 'ForkMatrixError' as const;
}
