/**
 * The drill's key layout, all from anvil's public test mnemonic (drills run on local or forked
 * chains only): 0 deployer, 1-9 council (and fallback council), 10-24 then 30-33 guardians,
 * 25 chain guardian, 26 reporter, 27 relayer, 28 attacker, 29 depositor, 40 and up the guardian set
 * a rotation installs.
 */
import { testMnemonicRoot } from '@lockstep/core/config';
import { localAccount } from '@lockstep/core/crypto';
import { type Hex, type LocalAccount, toHex } from 'viem';
import type { HDKey } from 'viem/accounts';

export const KEY_INDEX = {
  deployer: 0,
  chainGuardian: 25,
  reporter: 26,
  relayer: 27,
  attacker: 28,
  depositor: 29,
} as const;

/** Mnemonic index of council member `i` (0-based). */
export const councilIndex = (i: number): number => 1 + i;

/** Mnemonic index of guardian `i` (0-based): 10-24, then 30 and up (25-29 are taken). */
export const guardianIndex = (i: number): number => (i < 15 ? 10 + i : 30 + (i - 15));

/** Mnemonic index of guardian `i` (0-based) of the set a `rotate-guardians` fault installs: 40 and up. */
export const rotatedGuardianIndex = (i: number): number => 40 + i;

const keys = new Map<number, Hex>();
const accounts = new Map<number, LocalAccount>();
let accountsParent: HDKey | undefined;

/**
 * The BIP-44 node `m/44'/60'/0'/0` of the test mnemonic, derived once from its root (core's
 * `testMnemonicRoot`, itself made once): its children are the keys. (`mnemonicToAccount` per index
 * re-ran BIP-39's 2048 PBKDF2 rounds and the whole path every time: ~24 ms a key, ~0.7 s of every
 * drill process for its ~30 keys.)
 */
function parent(): HDKey {
  accountsParent ??= testMnemonicRoot().derive("m/44'/60'/0'/0");
  return accountsParent;
}

/** The private key at `index` of the test mnemonic (`m/44'/60'/0'/0/index`, as anvil and viem derive it). */
export function testKey(index: number): Hex {
  const known = keys.get(index);
  if (known) return known;
  const key = parent().deriveChild(index).privateKey;
  if (!key) throw new Error(`no private key at test mnemonic index ${index}`);
  const hex = toHex(key);
  keys.set(index, hex);
  return hex;
}

/** The account at `index` of the test mnemonic, made once per process. */
export function testAccount(index: number): LocalAccount {
  let account = accounts.get(index);
  if (!account) {
    account = localAccount(testKey(index));
    accounts.set(index, account);
  }
  return account;
}
