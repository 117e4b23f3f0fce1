import { arch, platform } from 'node:process';
import { type Hex, keccak256, numberToHex, parseSignature, recoverAddress, toHex } from 'viem';
import { privateKeyToAccount, sign } from 'viem/accounts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localAccount } from './local-account.js';
import { recoverDigestSigner, secp256k1Backend, signDigest } from './secp256k1.js';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const cases = Array.from({ length: 64 }, (_, i) => ({
  privateKey: keccak256(toHex(`lockstep secp256k1 key ${i}`)),
  hash: keccak256(toHex(`lockstep secp256k1 digest ${i}`)),
}));

describe('secp256k1', () => {
  it('uses libsecp256k1 on linux-x64, where the package ships its binary', () => {
    if (platform === 'linux' && arch === 'x64') expect(secp256k1Backend()).toBe('libsecp256k1');
  });

  it("signs exactly as viem's sign does: the same RFC 6979 nonce, low s, v 27 or 28", async () => {
    for (const c of cases) {
      expect(await signDigest(c)).toBe(await sign({ ...c, to: 'hex' }));
    }
  });

  it('recovers what viem recovers, from the serialised form, {r, s, v} and {r, s, yParity}', async () => {
    for (const c of cases) {
      const signature = await sign({ ...c, to: 'hex' });
      const { r, s, yParity } = parseSignature(signature);
      const expected = privateKeyToAccount(c.privateKey).address;
      expect(await recoverDigestSigner({ hash: c.hash, signature })).toBe(expected);
      expect(await recoverDigestSigner({ hash: c.hash, signature: { r, s, v: BigInt(27 + yParity) } })).toBe(expected);
      expect(await recoverDigestSigner({ hash: c.hash, signature: { r, s, yParity } })).toBe(expected);
      // v as 0/1 in the serialised form, as some signers write it.
      expect(
        await recoverDigestSigner({ hash: c.hash, signature: `${signature.slice(0, 130)}0${yParity}` as Hex }),
      ).toBe(expected);
    }
  });

  it('gives the answer viem gives for a high s, another digest, and throws where viem throws', async () => {
    const [c] = cases;
    if (!c) throw new Error('cases');
    const { r, s, yParity } = parseSignature(await sign({ ...c, to: 'hex' }));
    // The malleable twin (n − s, other parity) recovers the same key off chain; the contracts refuse it.
    const high = { r, s: numberToHex(N - BigInt(s), { size: 32 }), yParity: 1 - yParity };
    expect(await recoverDigestSigner({ hash: c.hash, signature: high })).toBe(
      await recoverAddress({ hash: c.hash, signature: high }),
    );
    const other = keccak256(toHex('another digest'));
    expect(await recoverDigestSigner({ hash: other, signature: { r, s, yParity } })).toBe(
      await recoverAddress({ hash: other, signature: { r, s, yParity } }),
    );
    const zeroR = { r: numberToHex(0n, { size: 32 }), s, yParity };
    await expect(recoverAddress({ hash: c.hash, signature: zeroR })).rejects.toThrow();
    await expect(recoverDigestSigner({ hash: c.hash, signature: zeroR })).rejects.toThrow();
    const overN = { r: numberToHex(N, { size: 32 }), s, yParity };
    await expect(recoverDigestSigner({ hash: c.hash, signature: overN })).rejects.toThrow();
    await expect(recoverDigestSigner({ hash: c.hash, signature: { r, s, v: 29n } })).rejects.toThrow(/yParityOrV/);
    // An r that is no curve point's x: libsecp256k1 finds no key, and says so.
    const noPoint = { r: numberToHex(N - 1n, { size: 32 }), s, yParity };
    const viemAnswer = await recoverAddress({ hash: c.hash, signature: noPoint }).then(
      (address) => address,
      () => 'throws',
    );
    const ours = await recoverDigestSigner({ hash: c.hash, signature: noPoint }).then(
      (address) => address,
      () => 'throws',
    );
    expect(ours).toBe(viemAnswer);
  });

  it("local accounts sign messages and typed data exactly as viem's accounts do, and transactions with viem's own code", async () => {
    const [c] = cases;
    if (!c) throw new Error('cases');
    const ours = localAccount(c.privateKey);
    const viems = privateKeyToAccount(c.privateKey);
    expect(ours.address).toBe(viems.address);
    expect(await ours.sign({ hash: c.hash })).toBe(await viems.sign({ hash: c.hash }));
    expect(await ours.signMessage({ message: 'lockstep' })).toBe(await viems.signMessage({ message: 'lockstep' }));
    const typedData = {
      domain: { name: 'Lockstep', version: '1', chainId: 42161, verifyingContract: viems.address },
      types: { Attest: [{ name: 'id', type: 'bytes32' }] },
      primaryType: 'Attest',
      message: { id: c.hash },
    } as const;
    expect(await ours.signTypedData(typedData)).toBe(await viems.signTypedData(typedData));
    const transaction = {
      chainId: 1,
      nonce: 0,
      to: viems.address,
      value: 1n,
      gas: 21_000n,
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
    } as const;
    expect(await ours.signTransaction(transaction)).toBe(await viems.signTransaction(transaction));
  });
});

describe('secp256k1 with LOCKSTEP_SECP256K1=js', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('uses the JavaScript path only, with the same signatures and signers', async () => {
    vi.stubEnv('LOCKSTEP_SECP256K1', 'js');
    vi.resetModules();
    const js = await import('./secp256k1.js');
    expect(js.secp256k1Backend()).toBe('javascript');
    for (const c of cases.slice(0, 4)) {
      const signature = await js.signDigest(c);
      expect(signature).toBe(await signDigest(c));
      expect(await js.recoverDigestSigner({ hash: c.hash, signature })).toBe(privateKeyToAccount(c.privateKey).address);
    }
  });
});
