import type { Hex } from 'viem';
import { LockstepError } from './base.js';
import { ContractRevertError } from './chain.js';

/** Why a fallback ratification was refused before (or instead of) a transaction. */
export type FallbackErrorReason =
  /** The EIP-712 digest computed here differs from the adapter's `ratificationDigest`: do not sign. */
  | 'digest-mismatch'
  /** The message is addressed to another chain than the client's, or to another receiver or hub. */
  | 'wrong-route'
  /** A signature does not recover to the signer it is filed under (another chain, message or key). */
  | 'invalid-signature'
  /** The same signer appears twice in one batch. */
  | 'duplicate-signer'
  /** No client for the message's destination chain. */
  | 'no-client'
  /** The message bytes or the signature list are malformed. */
  | 'invalid-input';

export type FallbackErrorType = FallbackError & { name: 'FallbackError' };

/** A fallback ratification refused to go on: nothing was signed or sent. */
export class FallbackError extends LockstepError {
  override name = 'FallbackError' as const;
  readonly reason: FallbackErrorReason;

  constructor(
    shortMessage: string,
    { reason, cause, metaMessages }: { reason: FallbackErrorReason; cause?: unknown; metaMessages?: readonly string[] },
  ) {
    super(shortMessage, { cause, metaMessages, docsPath: '#fallback-ratification' });
    this.reason = reason;
  }
}

export type FallbackRevertErrorType = FallbackRevertError & { name: 'FallbackRevertError' };

/**
 * `CouncilFallbackAdapter.ratify` reverts (in simulation, so nothing was sent) or reverted on chain:
 * a `ContractRevertError` of `ratify`. `errorName` and `args` are the adapter's or the receiver's
 * custom error (`FallbackThresholdNotMet` with `got`/`need`, `FallbackNotMember`,
 * `AdapterWrongDestination`, `ReceiverStaleEmergency`, ...), `undefined` when the revert carried
 * no known error.
 */
export class FallbackRevertError extends ContractRevertError {
  override name = 'FallbackRevertError' as const;
  declare readonly messageId: Hex;
  declare readonly chainId: number;

  constructor({
    messageId,
    chainId,
    errorName,
    args = [],
    hint,
    cause,
  }: {
    messageId: Hex;
    chainId: number;
    errorName: string | undefined;
    args?: readonly unknown[];
    hint?: string | undefined;
    cause?: unknown;
  }) {
    super(
      { messageId, chainId, functionName: 'ratify', errorName, args, hint, cause },
      { docsPath: '#fallback-ratification' },
    );
  }
}
