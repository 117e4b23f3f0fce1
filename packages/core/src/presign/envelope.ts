/**
 * The bundle file's envelope: a sealed file (`sealed/envelope.ts`) of format
 * `lockstep-presign-bundle`, whose problems are `PresignError`s.
 */
import { openText, type ScryptParameters, type SealedKind, sealText } from '../sealed/envelope.js';
import { PresignError } from './errors.js';

export { DEFAULT_SCRYPT, type ScryptParameters } from '../sealed/envelope.js';

const BUNDLE: SealedKind = {
  format: 'lockstep-presign-bundle',
  noun: 'bundle',
  writtenBy: 'lockstep presign create',
  remedy: 'create the bundle again',
  error: (reason, message, cause) => new PresignError(message, { reason, cause }),
};

/** Encrypts a bundle's JSON under `passphrase`: the file's text. */
export function sealBundle(plaintext: string, passphrase: string, cost?: ScryptParameters): Promise<string> {
  return sealText(BUNDLE, plaintext, passphrase, cost);
}

/**
 * Decrypts a bundle file's text. Throws `PresignError`: `unreadable` (not a bundle file),
 * `tampered` (any byte changed), `wrong-passphrase`.
 */
export function openBundle(text: string, passphrase: string, path: string): Promise<string> {
  return openText(BUNDLE, text, passphrase, path);
}
