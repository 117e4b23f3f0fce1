/** Reads and writes bundle files: encrypted, atomic, owner-only. */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../signing/atomic-write.js';
import type { Passphrase } from '../signing/passphrase.js';
import { type Bundle, bundleSchema } from './bundle.js';
import { openBundle, type ScryptParameters, sealBundle } from './envelope.js';
import { PresignError } from './errors.js';

/** Owner read/write only: the file holds signed transactions. */
export const BUNDLE_FILE_MODE = 0o600;

export type WriteBundleParameters = { path: string; bundle: Bundle; passphrase: Passphrase; cost?: ScryptParameters };

/** Encrypts `bundle` and writes it to `path` atomically (temp file + rename) with mode 0600. */
export async function writeBundle({ path, bundle, passphrase, cost }: WriteBundleParameters): Promise<void> {
  const sealed = await sealBundle(JSON.stringify(bundleSchema.parse(bundle)), passphrase.reveal(), cost);
  await writeFileAtomic(path, sealed, BUNDLE_FILE_MODE);
}

/**
 * Reads and decrypts the bundle at `path`. Throws `PresignError`: `unreadable`, `tampered`,
 * `wrong-passphrase`.
 */
export async function readBundle(path: string, passphrase: Passphrase): Promise<Bundle> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new PresignError(`cannot read bundle ${path} — check the path`, { reason: 'unreadable', cause });
  }
  const plaintext = await openBundle(text, passphrase.reveal(), path);
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch (cause) {
    throw new PresignError(`bundle ${path} decrypts to no JSON — create the bundle again`, {
      reason: 'unreadable',
      cause,
    });
  }
  const parsed = bundleSchema.safeParse(json);
  if (!parsed.success) {
    const version = (json as { version?: unknown })?.version;
    throw new PresignError(
      version === 1
        ? `bundle ${path} holds a malformed bundle — create it again`
        : `bundle ${path} is version ${JSON.stringify(version)}; this lockstep reads version 1 — use the lockstep that created it`,
      { reason: 'unreadable', cause: parsed.error },
    );
  }
  return parsed.data;
}
