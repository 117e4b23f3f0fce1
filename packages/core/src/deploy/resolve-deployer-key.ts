import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Hex, toHex } from 'viem';
import { decryptKeystore } from '../config/keystore.js';
import { type Env, type ResolveKeyOptions, resolveKey } from '../config/resolve-key.js';
import type { KeySource } from '../config/schema.js';
import type { KeyErrorType } from '../errors/key.js';
import type { DeployerKey } from './deploy-lockstep.js';

export type ResolveDeployerKeyReturnType = DeployerKey;

export type ResolveDeployerKeyErrorType = KeyErrorType;

/**
 * Turns the deployer's key source into what `deployLockstep` needs: the address and the private
 * key (forge signs, so it needs the key itself, handed over in its environment). Validation and
 * errors are `resolveKey`'s (`KeyError`, never quoting the key); a keystore is decrypted twice.
 *
 * @example
 * const account = await resolveDeployerKey(config.keys.deployer!, process.env, { allowTestMnemonic: isLocalConfig(config) })
 */
export async function resolveDeployerKey(
  source: KeySource,
  env: Env = process.env,
  options: ResolveKeyOptions = {},
): Promise<ResolveDeployerKeyReturnType> {
  const account = await resolveKey(source, env, options);
  let privateKey: Hex;
  if ('env' in source) {
    const value = (env[source.env] ?? '').trim();
    privateKey = (value.startsWith('0x') ? value : `0x${value}`) as Hex;
  } else if ('keystore' in source) {
    // resolveKey has read, parsed and checked this file already.
    const path = resolve(options.cwd ?? process.cwd(), source.keystore);
    const json: unknown = JSON.parse(await readFile(path, 'utf8'));
    privateKey = (await decryptKeystore(json, { passphrase: env[source.passphraseEnv] ?? '', path })).privateKey;
  } else {
    const hdKey = 'getHdKey' in account && typeof account.getHdKey === 'function' ? account.getHdKey() : undefined;
    if (!hdKey?.privateKey) throw new TypeError('a mnemonic account without an HD key');
    privateKey = toHex(hdKey.privateKey);
  }
  return { address: account.address, privateKey };
}
