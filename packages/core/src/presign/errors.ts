import { z } from 'zod';
import { LockstepError } from '../errors/base.js';

/** Why a bundle could not be made, opened, checked or sent. */
export type PresignErrorReason =
  /** The plan file is not a presign plan (or names a network twice). */
  | 'malformed-plan'
  /** The plan or the bundle names a chain the config does not have. */
  | 'unknown-chain'
  /** The passphrase is not the bundle's. */
  | 'wrong-passphrase'
  /** A byte of the bundle file changed since it was written. */
  | 'tampered'
  /** The bundle file cannot be read, or is not a bundle at all. */
  | 'unreadable'
  /** The bundle's expiry has passed (or the plan's lies in the past). */
  | 'expired'
  /** The signer's account has transactions in flight: the nonce to sign at is not known. */
  | 'pending-transactions'
  /** A gas estimate failed and the plan gives no gas limit. */
  | 'estimate-failed'
  /** The signed transaction does not recover to the expected signer, or was not made from the plan. */
  | 'signer-mismatch';

export type PresignErrorType = PresignError & { name: 'PresignError' };

/**
 * A presign bundle could not be made, opened or checked. The message names the problem and the
 * fix; never a key, a passphrase or a raw transaction.
 */
export class PresignError extends LockstepError {
  override name = 'PresignError' as const;
  readonly reason: PresignErrorReason;

  constructor(
    shortMessage: string,
    { reason, cause, metaMessages }: { reason: PresignErrorReason; cause?: unknown; metaMessages?: readonly string[] },
  ) {
    // A schema's error message is a JSON dump of its issues: the short message says it already.
    const details = cause instanceof z.ZodError ? { details: '' } : {};
    super(shortMessage, { cause, docsPath: '#presign', ...details, ...(metaMessages ? { metaMessages } : {}) });
    this.reason = reason;
  }
}
