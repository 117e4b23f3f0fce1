/**
 * The drill's key layout, all from anvil's public test mnemonic (drills run on local or forked
 * chains only): 0 deployer, 1-9 council (and fallback council), 10-24 then 30-33 guardians,
 * 25 chain guardian, 26 reporter, 27 relayer, 28 attacker, 29 depositor, 40 and up the guardian set
 * a rotation installs.
 */
import { TEST_MNEMONIC } from '@lockstep/core/config';
import { type Hex, type LocalAccount, toHex } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';

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

const cache = new Map<number, Hex>();

/** The private key at `index` of the test mnemonic. */
export function testKey(index: number): Hex {
  const known = cache.get(index);
  if (known) return known;
  const key = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error(`no private key at test mnemonic index ${index}`);
  const hex = toHex(key);
  cache.set(index, hex);
  return hex;
}

export const testAccount = (index: number): LocalAccount => privateKeyToAccount(testKey(index));
