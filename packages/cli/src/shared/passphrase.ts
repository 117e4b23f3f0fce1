/**
 * A sealed file's passphrase (a presign bundle, a held council root): from `--passphrase-file`,
 * `--passphrase-env`, else asked on the terminal without echo; never printed.
 */
import { type Passphrase, readPassphrase, SigningError, terminalPrompt } from '@lockstep/core/signing';
import { z } from 'zod';
import { stringFlag } from '../flags.js';

/** The environment variable name a flag names. */
export const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
  .optional();

/** `--passphrase-file` / `--passphrase-env` for a file called `noun` (`bundle`, `root file`). */
export function passphraseFlags(noun: string) {
  return {
    'passphrase-file': stringFlag(
      z.string().min(1).optional(),
      '<f>',
      `the ${noun}'s passphrase is the content of <f> (one trailing newline ignored)`,
    ),
    'passphrase-env': stringFlag(
      envNameSchema,
      '<VAR>',
      `the ${noun}'s passphrase is in environment variable VAR`,
      '(neither: asked on the terminal, not echoed)',
    ),
  } as const;
}

export type PassphraseOptions = { 'passphrase-file'?: string | undefined; 'passphrase-env'?: string | undefined };

/** The passphrase of the `noun` from the flags or the terminal; `confirm` asks twice (a new file). */
export async function filePassphrase(options: PassphraseOptions, noun: string, confirm = false): Promise<Passphrase> {
  const ask = terminalPrompt();
  const read = (question: string) =>
    readPassphrase({
      file: options['passphrase-file'],
      env: options['passphrase-env'],
      prompt: { ask, question },
      purpose: `the ${noun}`,
    });
  const label = noun.charAt(0).toUpperCase() + noun.slice(1);
  const passphrase = await read(`${label} passphrase: `);
  if (confirm && passphrase.origin === 'prompt') {
    const again = await read(`Repeat the ${noun} passphrase: `);
    if (again.reveal() !== passphrase.reveal()) {
      throw new SigningError('the two passphrases differ — run again and type the same passphrase twice', {
        reason: 'passphrase-missing',
      });
    }
  }
  return passphrase;
}
