/**
 * The flags a command that signs locally declares (`--keystore` with its passphrase source, or
 * `--key-env`), and the `Signer` they name, from `@lockstep/core/signing`. Shared by `presign
 * create` and any command that signs with the same sources.
 */
import { LockstepError } from '@lockstep/core/errors';
import { keySourceSigner, keystoreSigner, readPassphrase, type Signer, terminalPrompt } from '@lockstep/core/signing';
import { z } from 'zod';
import { stringFlag } from '../flags.js';
import { envNameSchema } from './passphrase.js';

const file = z.string().min(1).optional();

export const signerFlags = {
  keystore: stringFlag(file, '<file>', 'sign with this v3 keystore (geth, cast wallet new|import)'),
  'keystore-passphrase-file': stringFlag(file, '<f>', "the keystore's passphrase is in <f>"),
  'keystore-passphrase-env': stringFlag(
    envNameSchema,
    '<VAR>',
    "the keystore's passphrase is in VAR (neither: asked, not echoed)",
  ),
  'key-env': stringFlag(envNameSchema, '<VAR>', 'sign with the hex private key in environment variable VAR'),
} as const;

export type SignerOptions = {
  keystore?: string | undefined;
  'keystore-passphrase-file'?: string | undefined;
  'keystore-passphrase-env'?: string | undefined;
  'key-env'?: string | undefined;
};

/**
 * The signer the flags name, or `undefined` when they name none. A keystore's passphrase comes from
 * the file, else the variable, else a hidden prompt on a terminal.
 */
export async function signerFromOptions(options: SignerOptions): Promise<Signer | undefined> {
  if (options.keystore && options['key-env']) {
    throw new LockstepError('pass --keystore or --key-env, not both');
  }
  if (options.keystore) {
    const passphrase = await readPassphrase({
      file: options['keystore-passphrase-file'],
      env: options['keystore-passphrase-env'],
      prompt: { ask: terminalPrompt(), question: `Passphrase of keystore ${options.keystore}: ` },
      purpose: `keystore ${options.keystore}`,
    });
    return keystoreSigner({ path: options.keystore, passphrase });
  }
  if (options['key-env']) return keySourceSigner({ source: { env: options['key-env'] } });
  return undefined;
}

export { envNameSchema };
