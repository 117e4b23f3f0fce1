import { guardianAdapterAbi } from '@lockstep/client';
import { type Address, createPublicClient, type Hex, hashTypedData, http, recoverTypedDataAddress, toHex } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients, type NetworkClient } from '../chain/clients.js';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import { advanceTime } from '../devnet/advance-time.js';
import { ContractRevertError } from '../errors/chain.js';
import { GuardianRotationError } from '../errors/guardian.js';
import { QuorumNotMetError } from '../errors/relay.js';
import type { DispatchedMessage } from '../message/dispatched.js';
import { createRelayer, type RelayerEvent } from '../relay/create-relayer.js';
import { localAttestationSource } from '../relay/guardian/attestation-source.js';
import { deliverMessage } from '../relay/guardian/deliver-message.js';
import { scanDispatched } from '../relay/scan-dispatched.js';
import { dispatchVaultUpgrade, type Fixture, NETWORKS, nonceOf, startFixture } from '../relay/test-fixture.js';
import { guardianSetCache, readGuardianSets } from './guardian-set.js';
import { guardianKeysHash, rotateGuardianSet, rotationTypedData, signRotation } from './rotation.js';

// The first forge run in a clean tree compiles the deploy script.
const DEPLOY_TIMEOUT = 300_000;
/** The deploy config's `guardians.setExpiryWindow`: short, so a test can step past it. */
const WINDOW = 600;
const ARBITRUM = 42161;
const HALF_CURVE_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** The new set: mnemonic indices 30-34, ascending by address, quorum 3 of 5. */
const NEW_KEYS: Hex[] = Array.from({ length: 5 }, (_, i) => {
  const key = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 30 + i }).getHdKey().privateKey;
  if (!key) throw new Error('no HD private key');
  return toHex(key);
}).sort((a, b) => (BigInt(privateKeyToAccount(a).address) < BigInt(privateKeyToAccount(b).address) ? -1 : 1));
const NEW_ADDRESSES: Address[] = NEW_KEYS.map((key) => privateKeyToAccount(key).address);
const NEW_QUORUM = 3;

let fixture: Fixture;
let client: NetworkClient;
let adapter: Address;

beforeAll(async () => {
  fixture = await startFixture({
    configure: (config) => {
      config.guardians.setExpiryWindow = WINDOW;
    },
  });
  const entry = createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls).get(ARBITRUM);
  if (!entry) throw new Error('no arbitrum client');
  client = entry.client;
  adapter = adapterAddress(fixture.addresses, 'guardian');
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

function rotation(newIndex = 1) {
  return { adapter, chainId: ARBITRUM, newIndex, newKeys: NEW_ADDRESSES, newQuorum: NEW_QUORUM };
}

/** Rotation signatures of `keys` for the rotation to the new set. */
function signAll(keys: readonly Hex[]) {
  return Promise.all(keys.map((key) => signRotation({ account: privateKeyToAccount(key), ...rotation() })));
}

const reader = () => createPublicClient({ transport: http(fixture.rpcUrls.arbitrum) });

function attestations(keys: readonly Hex[], message: DispatchedMessage) {
  return localAttestationSource({ keys, adapter, clients: { [ARBITRUM]: reader() } }).fetch(
    message.messageId,
    ARBITRUM,
  );
}

async function arbitrumMessages(): Promise<DispatchedMessage[]> {
  const hub = fixture.addresses.hub;
  if (!hub) throw new Error('no hub');
  const hubClient = createPublicClient({ transport: http(fixture.rpcUrls.ethereum) });
  const { messages } = await scanDispatched({ client: hubClient, hub });
  return messages.filter((m) => m.chainId === ARBITRUM);
}

const relayerNonce = () => nonceOf(fixture.rpcUrls.arbitrum, fixture.relayer.address);

describe('guardian set rotation', () => {
  it("rotationTypedData hashes to the adapter's rotationDigest; signRotation recovers to its signer with low s", async () => {
    const onChain = await reader().readContract({
      address: adapter,
      abi: guardianAdapterAbi,
      functionName: 'rotationDigest',
      args: [1, guardianKeysHash(NEW_ADDRESSES), NEW_QUORUM],
    });
    expect(hashTypedData(rotationTypedData(rotation()))).toBe(onChain);
    // Another index is another digest: a rotation signature cannot be replayed.
    expect(hashTypedData(rotationTypedData(rotation(2)))).not.toBe(onChain);

    const [key] = fixture.guardianKeys;
    if (!key) throw new Error('no guardian key');
    const signed = await signRotation({ account: privateKeyToAccount(key), ...rotation() });
    expect(signed.signer).toBe(privateKeyToAccount(key).address);
    expect([27, 28]).toContain(signed.signature.v);
    expect(BigInt(signed.signature.s) <= HALF_CURVE_ORDER).toBe(true);
    const recovered = await recoverTypedDataAddress({
      ...rotationTypedData(rotation()),
      signature: { r: signed.signature.r, s: signed.signature.s, v: BigInt(signed.signature.v) },
    });
    expect(recovered).toBe(signed.signer);
  });

  it('refuses a bad new set, non-member signatures and a short quorum with a typed error; nothing is sent', async () => {
    const before = await relayerNonce();
    const descending = [...NEW_ADDRESSES].reverse();
    const signatures = await signAll(fixture.guardianKeys.slice(0, 8));
    await expect(
      rotateGuardianSet({ client, adapter, newKeys: descending, newQuorum: NEW_QUORUM, signatures }),
    ).rejects.toMatchObject({ name: 'GuardianRotationError', reason: 'keys-not-ascending' });
    await expect(
      rotateGuardianSet({ client, adapter, newKeys: NEW_ADDRESSES, newQuorum: 2, signatures }),
    ).rejects.toMatchObject({ name: 'GuardianRotationError', reason: 'quorum-invalid' });

    // 7 current guardians and the 5 new (not yet members) keys: 7 valid of a quorum of 8.
    const short = [...(await signAll(fixture.guardianKeys.slice(0, 7))), ...(await signAll(NEW_KEYS))];
    const error = await rotateGuardianSet({
      client,
      adapter,
      newKeys: NEW_ADDRESSES,
      newQuorum: NEW_QUORUM,
      signatures: short,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuardianRotationError);
    expect(error).toMatchObject({ reason: 'quorum-not-met' });
    const { shortMessage, metaMessages } = error as GuardianRotationError;
    expect(shortMessage).toContain('7 valid signature(s) of current set 0 members, its quorum needs 8');
    expect(metaMessages).toEqual(NEW_ADDRESSES.map((a) => `left out ${a}: not-a-member`));
    expect(await relayerNonce()).toBe(before);
    expect((await readGuardianSets({ client, adapter })).current.index).toBe(0);
  });

  it('rotates, keeps the old set valid for its window, then only the new set delivers', async () => {
    await dispatchVaultUpgrade(fixture, 'before-rotation');
    await dispatchVaultUpgrade(fixture, 'in-flight');
    const [first, second] = await arbitrumMessages();
    if (!first || !second) throw new Error('expected two messages to arbitrum');
    // Both signed by the old set before the rotation (in flight).
    const oldFirst = await attestations(fixture.guardianKeys, first);
    const oldSecond = await attestations(fixture.guardianKeys, second);

    // A quorum of the current set, plus a signature of a non-member (left out).
    const signatures = [
      ...(await signAll(fixture.guardianKeys.slice(3, 12))),
      ...(await signAll(NEW_KEYS.slice(0, 1))),
    ];
    // A relayer's cache: the same sets while the index stays, re-read once a rotation moves it.
    const cache = guardianSetCache();
    const cached = await readGuardianSets({ client, adapter, cache, chainId: ARBITRUM });
    expect(await readGuardianSets({ client, adapter, cache, chainId: ARBITRUM })).toBe(cached);
    const rotated = await rotateGuardianSet({
      client,
      adapter,
      newKeys: NEW_ADDRESSES,
      newQuorum: NEW_QUORUM,
      signatures,
    });
    const block = await reader().getBlock({ blockNumber: rotated.blockNumber });
    expect(rotated).toMatchObject({ newIndex: 1, previousSetExpiresAt: Number(block.timestamp) + WINDOW });
    const [event] = await reader().getContractEvents({
      address: adapter,
      abi: guardianAdapterAbi,
      eventName: 'GuardianSetRotated',
      fromBlock: rotated.blockNumber,
      toBlock: rotated.blockNumber,
      strict: true,
    });
    expect(event?.transactionHash).toBe(rotated.transactionHash);
    expect(event?.args).toMatchObject({
      newIndex: 1,
      keysHash: guardianKeysHash(NEW_ADDRESSES),
      size: 5,
      quorum: NEW_QUORUM,
      previousExpiresAt: rotated.previousSetExpiresAt,
    });
    const sets = await readGuardianSets({ client, adapter });
    expect(sets.current).toEqual({ index: 1, keys: NEW_ADDRESSES, quorum: NEW_QUORUM });
    expect(await readGuardianSets({ client, adapter, cache, chainId: ARBITRUM })).toEqual(sets);
    expect(sets.previous).toMatchObject({ index: 0, quorum: 8, expiresAt: rotated.previousSetExpiresAt });
    expect(sets.previous?.keys).toEqual(fixture.config.guardians.keys);

    // Within the window: the old set's attestations still deliver, under set 0.
    const base = { client, adapter, receiver: fixture.addresses.receiver };
    const delivered = await deliverMessage({ ...base, message: first, attestations: oldFirst });
    expect(delivered).toMatchObject({ status: 'delivered', guardianSetIndex: 0, receiverStatus: 'Queued' });

    // Past the window: the old set is refused, by the relayer's choice and by the adapter.
    await advanceTime(fixture.rpcUrls.arbitrum ?? '', WINDOW + 1);
    const before = await relayerNonce();
    const expired = await deliverMessage({ ...base, message: second, attestations: oldSecond }).catch(
      (e: unknown) => e,
    );
    expect(expired).toBeInstanceOf(QuorumNotMetError);
    expect(expired).toMatchObject({
      got: 0,
      need: NEW_QUORUM,
      sets: [
        { index: 1, role: 'current', got: 0, need: NEW_QUORUM },
        { index: 0, role: 'previous', got: 8, need: 8, expiredAt: rotated.previousSetExpiresAt },
      ],
    });
    expect((expired as QuorumNotMetError).shortMessage).toContain(
      `previous set 0 expired at ${new Date(rotated.previousSetExpiresAt * 1000).toISOString()}`,
    );
    const forced = await deliverMessage({
      ...base,
      message: second,
      attestations: oldSecond,
      guardianSet: sets.previous,
    }).catch((e: unknown) => e);
    expect(forced).toBeInstanceOf(ContractRevertError);
    expect(forced).toMatchObject({ errorName: 'GuardianSetExpired', args: [0, rotated.previousSetExpiresAt] });
    expect(await relayerNonce()).toBe(before);

    // The new set's attestations deliver, under set 1.
    const fresh = await deliverMessage({
      ...base,
      message: second,
      attestations: await attestations(NEW_KEYS, second),
    });
    expect(fresh).toMatchObject({ status: 'delivered', guardianSetIndex: 1, receiverStatus: 'Queued', signatures: 3 });
  });

  it('the relayer reads the sets per delivery: arbitrum under the new set, the other chains under set 0', async () => {
    await dispatchVaultUpgrade(fixture, 'after-rotation');
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    const clients = Object.fromEntries(
      NETWORKS.map((n) => [n.chainId, createPublicClient({ transport: http(fixture.rpcUrls[n.name]) })]),
    );
    // Guardians of both sets answer: each chain's adapter decides which set counts.
    const source = localAttestationSource({ keys: [...fixture.guardianKeys, ...NEW_KEYS], adapter, clients });
    const events: RelayerEvent[] = [];
    const relayer = createRelayer({
      config: fixture.config,
      account: fixture.relayer,
      rpcUrls: fixture.rpcUrls,
      source,
      addresses: { hub, receiver: fixture.addresses.receiver, adapters: { guardian: adapter } },
      onEvent: (event) => events.push(event),
    });
    const round = await relayer.runOnce();
    expect(round.failed).toEqual([]);
    const delivered = events.flatMap((e) => (e.type === 'delivered' ? [e] : []));
    // Three dispatches: arbitrum's last message is new, every message to the other two chains is.
    expect(delivered).toHaveLength(7);
    for (const event of delivered) {
      expect(event.detail.guardianSetIndex, event.network).toBe(event.chainId === ARBITRUM ? 1 : 0);
    }
  });
});
