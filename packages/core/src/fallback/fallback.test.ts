/**
 * The council fallback path against real anvils (ethereum hub, arbitrum, optimism) with the
 * default deployment: receivers need k = 1 confirmation, and the fallback council is anvil's test
 * mnemonic 1-9 (6 of 9: never fewer keys than the council's threshold).
 */
import { councilFallbackAdapterAbi } from '@lockstep/client';
import { type Address, createPublicClient, createWalletClient, type Hex, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { adapterAddress } from '../deploy/adapter-address.js';
import { FallbackError, FallbackRevertError } from '../errors/fallback.js';
import type { DispatchedMessage } from '../message/dispatched.js';
import { readMessageState } from '../message/receiver-state.js';
import { scanDispatched } from '../relay/scan-dispatched.js';
import { dispatchVaultUpgrade, type Fixture, NETWORKS, nonceOf, startFixture } from '../relay/test-fixture.js';
import { fixtureRelayer } from '../relay/test-relayer.js';
import { describeRatification } from './describe-ratification.js';
import { ratifyWithFallback } from './ratify-with-fallback.js';
import { signRatification } from './sign-ratification.js';
import { submitRatification } from './submit-ratification.js';

// The first forge run in a clean tree compiles the deploy script.
const DEPLOY_TIMEOUT = 300_000;
const ARBITRUM = 42161;
const OPTIMISM = 10;

let fixture: Fixture;
let adapter: Address;
let receiver: Address;

/** Anvil test mnemonic account `i`: 1-9 are the fallback council, 0 is not a member. */
const account = (i: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i });
/** Fallback members 1-9, ascending by address (the order the adapter wants). */
const members = () =>
  [1, 2, 3, 4, 5, 6, 7, 8, 9].map(account).sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
const SENDER = 8;
const urlOf = (chainId: number) => fixture.rpcUrls[NETWORKS.find((n) => n.chainId === chainId)?.name ?? ''] ?? '';
const reader = (chainId: number) => createPublicClient({ transport: http(urlOf(chainId)) });
const sender = (chainId: number) => createWalletClient({ account: account(SENDER), transport: http(urlOf(chainId)) });
const senderNonce = (chainId: number) => nonceOf(urlOf(chainId), account(SENDER).address);

beforeAll(async () => {
  fixture = await startFixture();
  adapter = adapterAddress(fixture.addresses, 'fallback');
  receiver = fixture.addresses.receiver;
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

/** Dispatches the vault upgrade to every network (as the timelock); returns its messages by chain id. */
async function dispatch(label: string): Promise<Map<number, DispatchedMessage>> {
  const hub = fixture.addresses.hub;
  if (!hub) throw new Error('no hub');
  const fromBlock = (await reader(1).getBlockNumber()) + 1n;
  await dispatchVaultUpgrade(fixture, label);
  const { messages } = await scanDispatched({ client: reader(1), hub, fromBlock });
  expect(messages).toHaveLength(NETWORKS.length);
  return new Map(messages.map((m) => [m.chainId, m]));
}

function pick(messages: Map<number, DispatchedMessage>, chainId: number): DispatchedMessage {
  const message = messages.get(chainId);
  if (!message) throw new Error(`no message to ${chainId}`);
  return message;
}

async function signedBy(chainId: number, message: DispatchedMessage, signers = members().slice(0, 6)) {
  const described = await describeRatification(reader(chainId), { adapter, message });
  return Promise.all(signers.map((s) => signRatification(s, described)));
}

describe('describeRatification', () => {
  it('shows the domain, the digest equal to the adapter, and the decoded message', async () => {
    const message = pick(await dispatch('describe'), ARBITRUM);
    const described = await describeRatification(reader(ARBITRUM), { adapter, message });
    const onChain = await reader(ARBITRUM).readContract({
      address: adapter,
      abi: councilFallbackAdapterAbi,
      functionName: 'ratificationDigest',
      args: [message.messageId],
    });
    expect(described.digest).toBe(onChain);
    expect(described.typedData.domain).toEqual({
      name: 'Lockstep Fallback Verifier',
      version: '1',
      chainId: ARBITRUM,
      verifyingContract: adapter,
    });
    expect(described.typedData.message).toEqual({ messageId: message.messageId });
    expect(described.message).toMatchObject({ chainId: ARBITRUM, kind: 'upgrade', receiver, srcChainId: 1 });
    expect(described.message.actions).toEqual([
      expect.objectContaining({ proxy: fixture.addresses.vault, implementation: fixture.addresses.vaultV2 }),
    ]);
    expect([described.members.length, described.threshold]).toEqual([9, 6]);
    // The same message described on another chain: refused, nobody signs.
    const elsewhere = await describeRatification(reader(OPTIMISM), { adapter, message }).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(FallbackError);
    expect((elsewhere as FallbackError).reason).toBe('wrong-route');
    expect((elsewhere as FallbackError).shortMessage).toMatch(/is for chain 42161, and this client is on chain 10/);
  });
});

describe('submitRatification (k = 1 receiver)', () => {
  it('queues a message on a satellite through the fallback alone, then skips a re-run', async () => {
    const message = pick(await dispatch('fallback-alone'), ARBITRUM);
    const signed = await signedBy(ARBITRUM, message);
    expect(signed.every((s) => s.chainId === ARBITRUM && s.adapter === adapter)).toBe(true);
    // Any order: sorted as the adapter wants.
    const result = await submitRatification(sender(ARBITRUM), {
      adapter,
      receiver,
      message,
      signatures: [...signed].reverse(),
    });
    expect(result).toMatchObject({ status: 'ratified', receiverStatus: 'Queued', chainId: ARBITRUM });
    if (result.status !== 'ratified') throw new Error('not ratified');
    expect(result.signers).toEqual(signed.map((s) => s.signer));
    const ratified = await reader(ARBITRUM).getContractEvents({
      address: adapter,
      abi: councilFallbackAdapterAbi,
      eventName: 'MessageRatified',
      args: { messageId: message.messageId },
      fromBlock: result.blockNumber,
    });
    expect(ratified.map((l) => l.args.signerCount)).toEqual([6n]);

    const nonce = await senderNonce(ARBITRUM);
    const again = await submitRatification(sender(ARBITRUM), { adapter, receiver, message, signatures: signed });
    expect(again).toEqual({
      status: 'skipped',
      messageId: message.messageId,
      chainId: ARBITRUM,
      receiverStatus: 'Queued',
      reason: 'consumed',
    });
    expect(await senderNonce(ARBITRUM)).toBe(nonce);
  });

  it('refuses below threshold, a non-member and a wrong-chain replay, sending nothing', async () => {
    const messages = await dispatch('refusals');
    const message = pick(messages, ARBITRUM);
    const [nonce, optimismNonce] = [await senderNonce(ARBITRUM), await senderNonce(OPTIMISM)];
    const submit = (signatures: readonly { signer: Address; signature: Hex }[], chainId = ARBITRUM, m = message) =>
      submitRatification(sender(chainId), { adapter, receiver, message: m, signatures }).catch((e: unknown) => e);

    const four = await signedBy(ARBITRUM, message, members().slice(0, 5));
    const below = await submit(four);
    expect(below).toBeInstanceOf(FallbackRevertError);
    expect(below).toMatchObject({ errorName: 'FallbackThresholdNotMet', args: [5n, 6n], chainId: ARBITRUM });
    expect((below as FallbackRevertError).shortMessage).toMatch(/5 signature\(s\), the fallback council needs 6/);

    const outsider = await signedBy(ARBITRUM, message, [account(0)]);
    const nonMember = await submit([...four, ...outsider]);
    expect(nonMember).toMatchObject({ name: 'FallbackRevertError', errorName: 'FallbackNotMember' });
    expect((nonMember as FallbackRevertError).args[1]).toBe(account(0).address);

    // Arbitrum's ratification replayed on optimism: its message is for arbitrum...
    const five = await signedBy(ARBITRUM, message);
    const replayed = await submit(five, OPTIMISM);
    expect(replayed).toMatchObject({ name: 'FallbackError', reason: 'wrong-route' });
    // ...and signatures made under arbitrum's domain do not count for optimism's message.
    const forOptimism = pick(messages, OPTIMISM);
    const described = await describeRatification(reader(OPTIMISM), { adapter, message: forOptimism });
    const wrongDomain = { ...described.typedData, domain: { ...described.typedData.domain, chainId: ARBITRUM } };
    const crossSigned = await Promise.all(
      members()
        .slice(0, 6)
        .map((m) => signRatification(m, { typedData: wrongDomain, digest: described.digest })),
    );
    const crossChain = await submit(crossSigned, OPTIMISM, forOptimism);
    expect(crossChain).toMatchObject({ name: 'FallbackError', reason: 'invalid-signature' });
    expect((crossChain as FallbackError).shortMessage).toMatch(/another chain or message/);

    const duplicate = await submit([...five.slice(0, 5), five[0] as (typeof five)[number]]);
    expect(duplicate).toMatchObject({ name: 'FallbackError', reason: 'duplicate-signer' });

    expect(await senderNonce(ARBITRUM)).toBe(nonce);
    expect(await senderNonce(OPTIMISM)).toBe(optimismNonce);
    expect((await readMessageState(reader(ARBITRUM), receiver, message.messageId)).status).toBe('None');
    expect((await readMessageState(reader(OPTIMISM), receiver, forOptimism.messageId)).status).toBe('None');
  });
});

describe('ratifyWithFallback', () => {
  const clients = () => Object.fromEntries(NETWORKS.map((n) => [n.chainId, sender(n.chainId)]));

  it('ratifies every chain of a dispatch at once; below threshold each fails with the decoded error', async () => {
    const messages = [...(await dispatch('all-chains')).values()];
    const tooFew = await ratifyWithFallback({
      clients: clients(),
      adapter,
      receiver,
      messages,
      accounts: [1, 2, 3, 4, 5].map(account),
    });
    expect(tooFew.ratified).toEqual([]);
    expect(tooFew.failed.map((f) => f.chainId).sort()).toEqual([1, 10, 42161]);
    for (const { error } of tooFew.failed) {
      expect(error).toMatchObject({
        name: 'FallbackRevertError',
        errorName: 'FallbackThresholdNotMet',
        args: [5n, 6n],
      });
    }

    // Non-members among the accounts are left out; the lowest members sign, just up to the threshold.
    const all = await ratifyWithFallback({
      clients: clients(),
      adapter,
      receiver,
      messages,
      accounts: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(account),
    });
    expect(all.failed).toEqual([]);
    expect(all.ratified.map((r) => [r.chainId, r.receiverStatus]).sort()).toEqual([
      [1, 'Queued'],
      [10, 'Queued'],
      [42161, 'Queued'],
    ]);
    expect(all.ratified.every((r) => r.signers.length === 6)).toBe(true);
    expect(all.ratified[0]?.signers).toEqual(
      members()
        .slice(0, 6)
        .map((m) => m.address),
    );
  });

  it('skips messages the guardian relayer already delivered, sending nothing', async () => {
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    const dispatched = await dispatch('guardians-first');
    const messages = [...dispatched.values()];
    const firstBlock = messages[0]?.blockNumber ?? 0n;
    const round = await fixtureRelayer(fixture, {
      addresses: { hub, receiver, adapters: fixture.addresses.adapters },
      fromBlock: firstBlock,
    }).runOnce();
    expect(round.delivered).toHaveLength(3);
    const nonces = await Promise.all(NETWORKS.map((n) => senderNonce(n.chainId)));
    const result = await ratifyWithFallback({
      clients: clients(),
      adapter,
      receiver,
      messages,
      accounts: [1, 2, 3, 4, 5, 6].map(account),
    });
    expect(result.ratified).toEqual([]);
    expect(result.failed).toEqual([]);
    expect(result.skipped.map((s) => [s.chainId, s.receiverStatus, s.reason]).sort()).toEqual([
      [1, 'Queued', 'consumed'],
      [10, 'Queued', 'consumed'],
      [42161, 'Queued', 'consumed'],
    ]);
    expect(await Promise.all(NETWORKS.map((n) => senderNonce(n.chainId)))).toEqual(nonces);
  });
});
