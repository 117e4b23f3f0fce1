import { type Address, getAddress, type Hex, hashStruct, hashTypedData, keccak256, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { localAccount } from '../crypto/local-account.js';
import { type LockstepMessage, messageId, messageStruct, messageTypes } from '../message/codec.js';
import { attestationDigest, attestationTypedData, recoverAttestationSigner, signAttestation } from './attestation.js';

const config = defaultConfig();
const hubNetwork = config.networks.find((network) => network.role === 'hub');
const destinations = config.networks.filter((network) => network.role !== 'hub');
const hub: Address = '0x1111111111111111111111111111111111111111';

/** Messages of every shape the codec takes: each destination, nonces up to uint64, payloads of 0 to 4 KiB. */
const messages: LockstepMessage[] = destinations.flatMap((network, i) =>
  [0, 1, 68, 4096].map((size, j) => ({
    version: 1,
    nonce: j === 3 ? 2n ** 64n - 1n : BigInt(i * 10 + j),
    srcChainId: BigInt(hubNetwork?.chainId ?? 1),
    dstChainId: BigInt(network.chainId),
    sender: hub,
    receiver: `0x${(i + 2).toString(16).padStart(40, '0')}`,
    payload: `0x${keccak256(toHex(`${i}:${j}`))
      .slice(2)
      .repeat(Math.ceil(size / 32))
      .slice(0, size * 2)}` as Hex,
  })),
);
/** Lower case and checksummed: both are addresses viem takes. */
const adapters = [
  '0xabcdef0123456789abcdef0123456789abcdef01',
  getAddress('0xabcdef0123456789abcdef0123456789abcdef01'),
] as const;

describe('messageId and attestationDigest', () => {
  it("are viem's EIP-712 hashStruct and hashTypedData of the message's typed data", () => {
    for (const message of messages) {
      expect(messageId(message)).toBe(
        hashStruct({ types: messageTypes, primaryType: 'Message', data: messageStruct(message) }),
      );
      for (const adapter of adapters)
        expect(attestationDigest({ message, adapter })).toBe(hashTypedData(attestationTypedData({ message, adapter })));
    }
  });

  it('gives the right id past the payload hashes it remembers (the oldest are let go)', () => {
    const base = messages[0];
    if (!base) throw new Error('messages');
    const many = Array.from({ length: 600 }, (_, i) => ({ ...base, payload: toHex(`payload ${i}`) }));
    const viemId = (message: LockstepMessage) =>
      hashStruct({ types: messageTypes, primaryType: 'Message', data: messageStruct(message) });
    const first = many.map(messageId);
    // Again, after the first payloads were let go, and for messages that share a payload but not a nonce.
    for (const [i, message] of many.entries()) {
      expect(messageId(message)).toBe(first[i]);
      if (i % 50 === 0) {
        expect(first[i]).toBe(viemId(message));
        expect(messageId({ ...message, nonce: message.nonce + 1n })).toBe(
          viemId({ ...message, nonce: message.nonce + 1n }),
        );
      }
    }
    expect(new Set(first).size).toBe(600);
  });

  it('gives the right id for payloads too large to remember, and for many large ones in a row', () => {
    const base = messages[0];
    if (!base) throw new Error('messages');
    const viemId = (message: LockstepMessage) =>
      hashStruct({ types: messageTypes, primaryType: 'Message', data: messageStruct(message) });
    // 3 MiB of payload (6 MiB of text, past what is kept), then 12 of 256 KiB (past the text kept in total).
    const payloads = [
      `0x${'ab'.repeat(3 * 1024 * 1024)}`,
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `0x${i
            .toString(16)
            .padStart(2, '0')
            .repeat(256 * 1024)}`,
      ),
    ] as Hex[];
    for (const payload of payloads) {
      const message = { ...base, payload };
      expect(messageId(message)).toBe(viemId(message));
      expect(messageId(message)).toBe(viemId(message));
    }
  });

  it('gives the right digest for every destination and adapter past the domain separators it keeps', () => {
    const base = messages[0];
    if (!base) throw new Error('messages');
    // 1,100 destinations (past the 1,024 separators kept), each under two adapters, then the first ones again.
    const chains = Array.from({ length: 1100 }, (_, i) => BigInt(i + 1));
    const others = ['0x00000000000000000000000000000000000000aa', adapters[1]] as const;
    const viemDigest = (message: LockstepMessage, adapter: Address) =>
      hashTypedData(attestationTypedData({ message, adapter }));
    for (const round of [0, 1]) {
      for (const dstChainId of round === 0 ? chains : chains.slice(0, 50)) {
        const message = { ...base, dstChainId };
        for (const adapter of others)
          expect(attestationDigest({ message, adapter })).toBe(viemDigest(message, adapter));
      }
    }
  });

  it('refuses an adapter with a wrong checksum even after the same address was used checksummed', () => {
    const message = messages[0];
    if (!message) throw new Error('messages');
    attestationDigest({ message, adapter: adapters[1] });
    const wrongChecksum = adapters[1].replace(/[a-f]/, (c) => c.toUpperCase()) as Address;
    expect(wrongChecksum).not.toBe(adapters[1]);
    expect(() => attestationDigest({ message, adapter: wrongChecksum })).toThrow(/Address/);
  });

  it('signs the same signature with a digest signer as with a typed-data-only signer, and recovers it', async () => {
    const key = keccak256(toHex('attestation-test-guardian'));
    const digestSigner = localAccount(key);
    const viemAccount = privateKeyToAccount(key);
    const typedDataOnly = { address: viemAccount.address, signTypedData: viemAccount.signTypedData };
    for (const message of messages.slice(0, 4)) {
      const parameters = {
        message,
        adapter: adapters[1],
        config,
        hub,
        finality: { blockNumber: 1n, head: 1n + BigInt(hubNetwork?.finalityDepth ?? 0) },
      };
      const fast = await signAttestation(digestSigner, parameters);
      expect(fast).toEqual(await signAttestation(typedDataOnly, parameters));
      expect(await recoverAttestationSigner({ message, adapter: adapters[1], signature: fast.signature })).toBe(
        viemAccount.address,
      );
    }
  });
});
