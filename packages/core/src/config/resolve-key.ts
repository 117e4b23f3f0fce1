import { resolve } from 'node:path';
import { type HDAccount, type LocalAccount, toHex } from 'viem';
import { hdKeyToAccount, mnemonicToAccount } from 'viem/accounts';
import { localAccount, withDigestSigning } from '../crypto/local-account.js';
import { KeyError, type KeyErrorType } from '../errors/key.js';
import type { SigningErrorType } from '../signing/errors.js';
import { type DecryptKeystoreReturnType, decryptKeystore } from '../signing/keystore.js';
import { readPassphrase } from '../signing/passphrase.js';
import { DEFAULT_MNEMONIC_ENV, TEST_MNEMONIC } from './defaults.js';
import type { KeySource } from './schema.js';
import { testMnemonicRoot } from './test-mnemonic.js';

export type ResolveKeyOptions = {
  /**
   * Use anvil's public test mnemonic when `LOCKSTEP_MNEMONIC` is unset. Only for configs whose
   * networks are all local (see `isLocalConfig`); otherwise a missing variable is an error.
   */
  allowTestMnemonic?: boolean;
  /** Base for a relative keystore path (`loadConfig` makes them absolute already). Default: cwd. */
  cwd?: string;
};

export type ResolveKeyReturnType = LocalAccount;

export type ResolveKeyErrorType = KeyErrorType | SigningErrorType;

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Turns a key source into a viem account that signs locally.
 *
 * - `{ env }`: the variable holds a 32-byte hex private key.
 * - `{ keystore, passphraseEnv }`: a v3 JSON keystore, decrypted with the passphrase in the variable
 *   by the signing module's `decryptKeystore` (see `decryptConfigKeystore`).
 * - `{ mnemonicEnv, index }`: account `m/44'/60'/0'/0/index` of the mnemonic in the variable.
 *
 * Throws `KeyError` (missing variable, malformed key or mnemonic) or, for a keystore,
 * `SigningError` (passphrase variable unset, file unreadable or malformed, wrong passphrase);
 * messages name variables and paths, never their values.
 *
 * @example
 * const deployer = await resolveKey({ env: 'DEPLOYER_KEY' }, process.env)
 */
export async function resolveKey(
  source: KeySource,
  env: Env = process.env,
  options: ResolveKeyOptions = {},
): Promise<ResolveKeyReturnType> {
  if ('env' in source)
    return privateKeyAccount(readEnv(env, source.env, 'a private key'), `environment variable ${source.env}`);
  if ('keystore' in source) {
    const { account, privateKey } = await decryptConfigKeystore(source, env, options);
    return withDigestSigning(account, privateKey);
  }
  const mnemonic = readMnemonic(env, source.mnemonicEnv, options);
  let account: HDAccount;
  try {
    // The public test mnemonic's root is made once (`test-mnemonic.ts`); any other is derived afresh.
    account =
      mnemonic === TEST_MNEMONIC
        ? hdKeyToAccount(testMnemonicRoot(), { addressIndex: source.index })
        : mnemonicToAccount(mnemonic, { addressIndex: source.index });
  } catch {
    // The library's message may quote the phrase: keep it out of ours.
    throw new KeyError(
      `environment variable ${source.mnemonicEnv} does not hold a valid BIP-39 mnemonic — check the words and their count`,
      {
        reason: 'malformed-mnemonic',
      },
    );
  }
  const key = account.getHdKey().privateKey;
  return key ? withDigestSigning(account, toHex(key)) : account;
}

/**
 * Decrypts a config keystore source: the file (relative to `options.cwd`) with the passphrase in
 * its variable. Throws `SigningError` (`passphrase-missing`, `keystore-unreadable`,
 * `malformed-keystore`, `wrong-passphrase`, `address-mismatch`), naming the file and the variable.
 *
 * @example
 * const { account, privateKey } = await decryptConfigKeystore({ keystore: 'deployer.json', passphraseEnv: 'DEPLOYER_PASS' })
 */
export async function decryptConfigKeystore(
  source: Extract<KeySource, { keystore: string }>,
  env: Env = process.env,
  options: ResolveKeyOptions = {},
): Promise<DecryptKeystoreReturnType> {
  const path = resolve(options.cwd ?? process.cwd(), source.keystore);
  const passphrase = await readPassphrase({
    env: source.passphraseEnv,
    purpose: `keystore ${path}`,
    environment: env,
  });
  return decryptKeystore({
    path,
    passphrase,
    pathOrigin: 'keys.*.keystore (paths are relative to the config file)',
  });
}

function readEnv(env: Env, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new KeyError(`environment variable ${name} is not set — export ${what} in ${name}`, {
      reason: 'missing-env',
    });
  }
  return value;
}

function readMnemonic(env: Env, name: string, options: ResolveKeyOptions): string {
  const value = env[name]?.trim();
  if (value) return value;
  if (options.allowTestMnemonic && name === DEFAULT_MNEMONIC_ENV) return TEST_MNEMONIC;
  const hint =
    name === DEFAULT_MNEMONIC_ENV ? ' (the public test mnemonic is used only when every network is local)' : '';
  throw new KeyError(`environment variable ${name} is not set — export the mnemonic in ${name}${hint}`, {
    reason: 'missing-env',
  });
}

function privateKeyAccount(value: string, where: string): LocalAccount {
  const hex = value.startsWith('0x') ? value : `0x${value}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) {
    throw new KeyError(`${where} does not hold a private key (expected 0x and 64 hex digits)`, {
      reason: 'malformed-key',
    });
  }
  try {
    return localAccount(hex as `0x${string}`);
  } catch {
    // Out of the curve's range (e.g. zero); the library's message may quote the key.
    throw new KeyError(`${where} does not hold a valid secp256k1 private key`, { reason: 'malformed-key' });
  }
}
