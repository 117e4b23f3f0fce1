import { LockstepError } from '@lockstep/core/errors';

export type DrillSetupErrorParameters = {
  /** The scenario field at fault, e.g. `chains[1].fork.url`. */
  path: string;
  /** What is wrong, e.g. `http://… did not answer eth_chainId (connection refused)`. */
  problem: string;
  /** How to fix it. */
  fix: string;
  cause?: unknown;
};

export type DrillSetupErrorType = DrillSetupError & { name: 'DrillSetupError' };

/**
 * The drill could not set up its chains (a fork URL that does not answer, an anvil that does not
 * start): nothing was rehearsed, so no verdict. The CLI exits with its own code (`EXIT.setup`), not
 * the failed-expectation one. The message is `path: problem — fix`.
 */
export class DrillSetupError extends LockstepError {
  override name = 'DrillSetupError' as const;
  readonly path: string;

  constructor({ path, problem, fix, cause }: DrillSetupErrorParameters) {
    // The problem already names the cause's reason.
    super(`${path}: ${problem} — ${fix}`, { cause, details: '' });
    this.path = path;
  }
}
