import { LockstepError } from './base.js';

/** Why a council action failed before (or instead of) a contract revert. */
export type CouncilErrorReason =
  /** No proposal has this id. */
  | 'unknown-proposal'
  /** The EIP-712 digest computed here differs from the council's `approvalDigest`: do not sign. */
  | 'digest-mismatch'
  /** A signature does not recover to the signer it is filed under. */
  | 'invalid-signature'
  /** The same signer appears twice in one batch. */
  | 'duplicate-signer'
  /** The proposal is not in the state the action needs (not scheduled, timelock not ready, ...). */
  | 'not-ready'
  /** The input (actions, audit report, signature file) is malformed. */
  | 'invalid-input';

export type CouncilErrorType = CouncilError & { name: 'CouncilError' };

/** A council action refused to go on: the proposal, a signature or the input is not what it must be. */
export class CouncilError extends LockstepError {
  override name = 'CouncilError' as const;
  readonly reason: CouncilErrorReason;

  constructor(
    shortMessage: string,
    { reason, cause, metaMessages }: { reason: CouncilErrorReason; cause?: unknown; metaMessages?: readonly string[] },
  ) {
    super(shortMessage, { cause, metaMessages, docsPath: '#council-actions' });
    this.reason = reason;
  }
}

export type CouncilRevertErrorType = CouncilRevertError & { name: 'CouncilRevertError' };

/**
 * A council, timelock or hub call reverted. `errorName` is the contract's custom error
 * (`CouncilQuorumNotMet`, `TimelockUnexpectedOperationState`, ...) and `args` its decoded
 * arguments; both are `undefined` when the revert carried no known error.
 */
export class CouncilRevertError extends LockstepError {
  override name = 'CouncilRevertError' as const;
  /** The function that reverted, e.g. `schedule`. */
  readonly functionName: string;
  readonly errorName: string | undefined;
  readonly args: readonly unknown[] | undefined;

  constructor({
    functionName,
    errorName,
    args,
    hint,
    cause,
  }: {
    functionName: string;
    errorName: string | undefined;
    args: readonly unknown[] | undefined;
    hint: string | undefined;
    cause?: unknown;
  }) {
    const what = errorName ? `${errorName}(${(args ?? []).map(formatArg).join(', ')})` : 'an unknown error';
    super(`${functionName} reverted with ${what}${hint ? ` — ${hint}` : ''}`, { cause, docsPath: '#council-actions' });
    this.functionName = functionName;
    this.errorName = errorName;
    this.args = args;
  }
}

function formatArg(value: unknown): string {
  return typeof value === 'bigint' ? value.toString() : String(value);
}
