/**
 * A signer from a key source as the config and the commands name it today (`resolveKey`): a hex
 * private key in an environment variable, a mnemonic account, or a v3 keystore whose passphrase is
 * in a variable (decrypted by `decryptKeystore`, so every keystore goes through the one library).
 */
import { resolve } from 'node:path';
import { decryptConfigKeystore, type Env, type ResolveKeyOptions, resolveKey } from '../config/resolve-key.js';
import type { KeySource } from '../config/schema.js';
import { localSigner, type Signer } from './signer.js';

export type KeySourceSignerParameters = {
  source: KeySource;
  env?: Env;
  options?: ResolveKeyOptions;
};

/**
 * The signer of a config key source. Throws `KeyError` (missing variable, malformed key) or
 * `SigningError` (keystore: unreadable, malformed, wrong passphrase); never quotes a secret.
 *
 * @example
 * const signer = await keySourceSigner({ source: { env: 'OPS_KEY' } })
 */
export async function keySourceSigner({
  source,
  env = process.env,
  options = {},
}: KeySourceSignerParameters): Promise<Signer> {
  if ('keystore' in source) {
    const { account } = await decryptConfigKeystore(source, env, options);
    return localSigner(account, 'keystore', `keystore ${resolve(options.cwd ?? process.cwd(), source.keystore)}`);
  }
  const account = await resolveKey(source, env, options);
  const label =
    'env' in source ? `environment variable ${source.env}` : `mnemonic in ${source.mnemonicEnv}, index ${source.index}`;
  return localSigner(account, 'private-key', label);
}
