/**
 * The HD root of anvil's public test mnemonic (`TEST_MNEMONIC`), made once per process.
 *
 * BIP-39 turns a mnemonic into a seed with 2,048 rounds of PBKDF2-HMAC-SHA512 (~20 ms in viem's
 * JavaScript), and every account taken from a mnemonic paid it again: a drill, a devnet or a
 * guardian-set rotation takes dozens of the test mnemonic's keys. Its keys are public, so its root
 * is kept; a team's own mnemonic is derived afresh each time and nothing of it is kept.
 */
import { pbkdf2Sync } from 'node:crypto';
import { HDKey } from 'viem/accounts';
import { TEST_MNEMONIC } from './defaults.js';

let root: HDKey | undefined;

/** The BIP-32 root of `TEST_MNEMONIC` (no passphrase): what `mnemonicToAccount` derives its accounts from. */
export function testMnemonicRoot(): HDKey {
  // BIP-39: the seed is PBKDF2-HMAC-SHA512 of the NFKD mnemonic with the salt "mnemonic" (no passphrase).
  root ??= HDKey.fromMasterSeed(pbkdf2Sync(TEST_MNEMONIC.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512'));
  return root;
}
