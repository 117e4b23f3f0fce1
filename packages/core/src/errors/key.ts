import { LockstepError } from './base.js';

/** Why a key could not be loaded. */
export type KeyErrorReason = 'missing-env' | 'malformed-key' | 'malformed-mnemonic';

export type KeyErrorType = KeyError & { name: 'KeyError' };

/**
 * A key source could not give a key: a missing environment variable, a malformed key or mnemonic.
 * (A keystore's problems are the signing module's `SigningError`.) The message never contains
 * key material, only names and paths.
 */
export class KeyError extends LockstepError {
  override name = 'KeyError' as const;
  readonly reason: KeyErrorReason;

  constructor(shortMessage: string, { reason, cause }: { reason: KeyErrorReason; cause?: unknown }) {
    // The cause's message could quote key material (e.g. a library echoing its input): keep the
    // cause for `walk`, but never copy its text into this message.
    super(shortMessage, { cause, details: '', docsPath: '#keys' });
    this.reason = reason;
  }
}
