/**
 * Reading and writing a `root` command's file: plain, or sealed under a passphrase (a held
 * pre-signed pause). A sealed file stays sealed when a command writes it back.
 */
import { isRootFileSealed, type RootDocument, readRootFile, writeRootFile } from '@lockstep/core/roots';
import type { Passphrase } from '@lockstep/core/signing';
import { z } from 'zod';
import { booleanFlag } from '../flags.js';
import { filePassphrase, type PassphraseOptions, passphraseFlags } from './passphrase.js';

/** The passphrase flags of a command that reads a root file (asked only when the file is sealed). */
export const rootPassphraseFlags = passphraseFlags('root file');

/** `--seal` and the passphrase flags, for the commands that build a root file. */
export const rootSealFlags = {
  seal: booleanFlag(z.boolean().default(false), 'seal the file under a passphrase (AES-256-GCM, scrypt)'),
  ...rootPassphraseFlags,
} as const;

/** Reads the root file `file`; a sealed one asks for its passphrase, which is returned for writing back. */
export async function readRootFileFrom(
  options: PassphraseOptions & { file: string },
): Promise<{ document: RootDocument; passphrase?: Passphrase }> {
  if (!(await isRootFileSealed(options.file))) return { document: await readRootFile(options.file) };
  const passphrase = await filePassphrase(options, 'root file');
  return { document: await readRootFile(options.file, { passphrase: passphrase.reveal() }), passphrase };
}

/** Writes the root file `file`, sealed when `passphrase` is given. */
export function writeRootFileTo(file: string, document: RootDocument, passphrase?: Passphrase): Promise<void> {
  return writeRootFile(file, document, passphrase ? { passphrase: passphrase.reveal() } : {});
}

/** The passphrase a new root file is sealed under (asked twice on a terminal), or none with no `--seal`. */
export async function newRootFilePassphrase(
  options: PassphraseOptions & { seal: boolean },
): Promise<Passphrase | undefined> {
  return options.seal ? filePassphrase(options, 'root file', true) : undefined;
}
