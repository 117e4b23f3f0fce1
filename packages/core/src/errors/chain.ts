import type { Hex } from 'viem';
import { LockstepError } from './base.js';

export type ContractRevertErrorType = ContractRevertError & { name: 'ContractRevertError' };

export type ContractRevertErrorParameters = {
  /** The message concerned; left out for a call about no message (e.g. `rotateGuardianSet`). */
  messageId?: Hex | undefined;
  /** The chain the call reverted on; left out when the caller does not know it. */
  chainId?: number | undefined;
  /** `deliver`, `execute`, `markDelivery`, `ratify`, `schedule`, ... */
  functionName: string;
  /** The decoded custom error's name, or `undefined` when the revert carried no known error. */
  errorName: string | undefined;
  /** The custom error's arguments, in order. Default `[]`. */
  args?: readonly unknown[] | undefined;
  /** What to do about it, appended to the message. */
  hint?: string | undefined;
  cause?: unknown;
};

/**
 * A contract call would revert (in simulation, so nothing was sent) or reverted on chain: the
 * decoded custom error and its arguments. Never retried. Every revert Lockstep reports is one of
 * these; `CouncilRevertError` and `FallbackRevertError` are the council's and the fallback
 * council's, worded for their readers.
 */
export class ContractRevertError extends LockstepError {
  override name: string = 'ContractRevertError';
  readonly messageId: Hex | undefined;
  readonly chainId: number | undefined;
  readonly functionName: string;
  /** The custom error's name (e.g. `ReceiverCodehashMismatch`), or `undefined` when it could not be decoded. */
  readonly errorName: string | undefined;
  /** The custom error's arguments, in order. */
  readonly args: readonly unknown[];

  constructor(
    parameters: ContractRevertErrorParameters,
    /** A subclass's own wording and docs anchor (default: `<call> on chain <id> reverts with <error>`). */
    wording: { shortMessage?: string; docsPath?: string } = {},
  ) {
    const { messageId, chainId, functionName, errorName, args = [], hint, cause } = parameters;
    const call = messageId ? `${functionName} of message ${messageId}` : functionName;
    const shortMessage =
      wording.shortMessage ??
      `${call}${chainId === undefined ? '' : ` on chain ${chainId}`} reverts with ${formatRevert(errorName, args, 'an undecoded error')}${hint ? ` — ${hint}` : ''}`;
    super(shortMessage, { cause, docsPath: wording.docsPath ?? '#relaying' });
    this.messageId = messageId;
    this.chainId = chainId;
    this.functionName = functionName;
    this.errorName = errorName;
    this.args = args;
  }
}

/** `Name(arg, ...)`, or `unknown` when there is no name. */
export function formatRevert(errorName: string | undefined, args: readonly unknown[], unknown: string): string {
  return errorName ? `${errorName}(${args.map(String).join(', ')})` : unknown;
}

export type TransientRetriesExhaustedErrorType = TransientRetriesExhaustedError & {
  name: 'TransientRetriesExhaustedError';
};

/** An RPC kept failing transiently (timeouts, refused connections, rate limits) after every retry. */
export class TransientRetriesExhaustedError extends LockstepError {
  override name = 'TransientRetriesExhaustedError' as const;
  readonly attempts: number;
  readonly operation: string;

  constructor({ operation, attempts, cause }: { operation: string; attempts: number; cause: unknown }) {
    super(`${operation}: the RPC still failed after ${attempts} attempt(s) — check the node, then run again`, {
      cause,
      docsPath: '#relaying',
    });
    this.operation = operation;
    this.attempts = attempts;
  }
}
