import { type Hex, keccak256, parseSignature, recoverAddress, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { recoveredSignerCount, recoverSigner } from './recover-signer.js';

const alice = privateKeyToAccount(`0x${'a1'.repeat(32)}`);
const bob = privateKeyToAccount(`0x${'b2'.repeat(32)}`);

describe('recoverSigner', () => {
  it('gives what viem recovers, for the serialised and the split forms, and works each pair out once', async () => {
    const hash = keccak256(toHex('lockstep recover-signer test'));
    const signature = await alice.sign({ hash });
    const { r, s, yParity } = parseSignature(signature);
    const before = recoveredSignerCount();
    expect(await recoverSigner({ hash, signature })).toBe(await recoverAddress({ hash, signature }));
    expect(await recoverSigner({ hash, signature })).toBe(alice.address);
    expect(recoveredSignerCount()).toBe(before + 1);
    // The split forms share one entry (27/28 `v` or `yParity`).
    expect(await recoverSigner({ hash, signature: { r, s, v: BigInt(yParity + 27) } })).toBe(alice.address);
    expect(await recoverSigner({ hash, signature: { r, s, yParity } })).toBe(alice.address);
    expect(recoveredSignerCount()).toBe(before + 2);
  });

  it('keys by digest and by signature: another digest or another signer is never answered from the memo', async () => {
    const first = keccak256(toHex('first'));
    const second = keccak256(toHex('second'));
    const bySignature = await alice.sign({ hash: first });
    expect(await recoverSigner({ hash: first, signature: bySignature })).toBe(alice.address);
    // Same signature, other digest: some other address (what ecrecover gives), not alice's.
    const other = await recoverSigner({ hash: second, signature: bySignature });
    expect(other).toBe(await recoverAddress({ hash: second, signature: bySignature }));
    expect(other).not.toBe(alice.address);
    expect(await recoverSigner({ hash: first, signature: await bob.sign({ hash: first }) })).toBe(bob.address);
  });

  it('throws, every time, for a signature that recovers to no key, and remembers nothing of it', async () => {
    const hash = keccak256(toHex('junk'));
    const junk = `0x${'00'.repeat(64)}1b` as Hex;
    const before = recoveredSignerCount();
    await expect(recoverSigner({ hash, signature: junk })).rejects.toThrow();
    await expect(recoverSigner({ hash, signature: junk })).rejects.toThrow();
    expect(recoveredSignerCount()).toBe(before);
  });
});
