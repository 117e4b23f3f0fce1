import { TEST_MNEMONIC } from '@lockstep/core/config';
import { toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { testAccount, testKey } from './keys.js';

describe('test keys', () => {
  it.each([0, 1, 9, 10, 24, 27, 33, 40, 54])('key %i is the one viem derives from the test mnemonic', (index) => {
    const reference = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: index });
    expect(testKey(index)).toBe(toHex(reference.getHdKey().privateKey as Uint8Array));
    expect(testAccount(index).address).toBe(reference.address);
  });

  it("key 0 is anvil's first account", () => {
    expect(testAccount(0).address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  });

  it('gives the same account object every time', () => {
    expect(testAccount(3)).toBe(testAccount(3));
  });
});
