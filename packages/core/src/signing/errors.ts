import { LockstepError } from '../errors/base.js';

/** Why a signature could not be had (or was refused). */
export type SigningErrorReason =
  /** No passphrase in the file, variable or prompt named. */
  | 'passphrase-missing'
  /** The keystore's MAC does not match: the passphrase is not this keystore's. */
  | 'wrong-passphrase'
  /** The keystore file cannot be read. */
  | 'keystore-unreadable'
  /** The keystore is not a Web3 Secret Storage v3 JSON file. */
  | 'malformed-keystore'
  /** The keystore names another address than the key it decrypts to: the file was altered. */
  | 'address-mismatch'
  /** A signature (or a signature file) that is not 65 bytes of hex where expected. */
  | 'malformed-signature'
  /** No signature for a digest that needs one. */
  | 'missing-signature'
  /** A signature that recovers to another address than the expected signer. */
  | 'signer-mismatch'
  /** A signature request file that is not as `exportSignatureRequests` writes it. */
  | 'malformed-request';

export type SigningErrorType = SigningError & { name: 'SigningError' };

/**
 * A signer could not be built or a signature was refused. The message names files, variables and
 * addresses, never a key or a passphrase: the cause is kept for `walk` but its text is not copied
 * (a library may echo its input).
 */
export class SigningError extends LockstepError {
  override name = 'SigningError' as const;
  readonly reason: SigningErrorReason;

  constructor(
    shortMessage: string,
    { reason, cause, metaMessages }: { reason: SigningErrorReason; cause?: unknown; metaMessages?: readonly string[] },
  ) {
    super(shortMessage, { cause, details: '', docsPath: '#signing', ...(metaMessages ? { metaMessages } : {}) });
    this.reason = reason;
  }
}
