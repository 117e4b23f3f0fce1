import { type Hex, toHex } from 'viem';
import {
  decryptConfigKeystore,
  type Env,
  type ResolveKeyErrorType,
  type ResolveKeyOptions,
  resolveKey,
} from '../config/resolve-key.js';
import type { KeySource } from '../config/schema.js';
import type { DeployerKey } from './deploy-lockstep.js';

export type ResolveDeployerKeyReturnType = DeployerKey;

export type ResolveDeployerKeyErrorType = ResolveKeyErrorType;

/**
 * Turns the deployer's key source into what `deployLockstep` needs: the address and the private
 * key (forge signs, so it needs the key itself, handed over in its environment). Validation and
 * errors are `resolveKey`'s (`KeyError`, or `SigningError` for a keystore; never quoting the key).
 *
 * @example
 * const account = await resolveDeployerKey(config.keys.deployer!, process.env, { allowTestMnemonic: isLocalConfig(config) })
 */
export async function resolveDeployerKey(
  source: KeySource,
  env: Env = process.env,
  options: ResolveKeyOptions = {},
): Promise<ResolveDeployerKeyReturnType> {
  if ('keystore' in source) {
    const { account, privateKey } = await decryptConfigKeystore(source, env, options);
    return { address: account.address, privateKey };
  }
  const account = await resolveKey(source, env, options);
  let privateKey: Hex;
  if ('env' in source) {
    const value = (env[source.env] ?? '').trim();
    privateKey = (value.startsWith('0x') ? value : `0x${value}`) as Hex;
  } else {
    const hdKey = 'getHdKey' in account && typeof account.getHdKey === 'function' ? account.getHdKey() : undefined;
    if (!hdKey?.privateKey) throw new TypeError('a mnemonic account without an HD key');
    privateKey = toHex(hdKey.privateKey);
  }
  return { address: account.address, privateKey };
}
