/**
 * A receiver that needs k = 2 confirmations (guardian adapter and council fallback adapter): the
 * fallback's ratification leaves a message Pending, a second ratification is skipped because the
 * receiver already counts this adapter, and the guardians' delivery completes it.
 */
import { createPublicClient, createWalletClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkClients } from '../chain/clients.js';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { localAttestationSource } from '../relay/guardian/attestation-source.js';
import { deliverMessage } from '../relay/guardian/deliver-message.js';
import {
  dispatchVaultUpgradeToArbitrum,
  type Fixture,
  type K2Receiver,
  nonceOf,
  startFixture,
} from '../relay/test-fixture.js';
import { ratifyWithFallback } from './ratify-with-fallback.js';

const ARBITRUM = 42161;

let fixture: Fixture;
let strict: K2Receiver;

const account = (i: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i });
const arbitrum = () => createPublicClient({ transport: http(fixture.rpcUrls.arbitrum) });

beforeAll(async () => {
  const started = await startFixture({ withK2Receiver: true });
  fixture = started;
  if (!fixture.addresses.hub || !fixture.addresses.timelock) throw new Error('no hub');
  strict = started.k2Receiver;
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
});

describe('fallback with a receiver needing k = 2 confirmations', () => {
  it('leaves the message Pending, skips a second ratification, and the guardians complete it', async () => {
    const message = await dispatchVaultUpgradeToArbitrum(fixture, 'k2-fallback');
    const sender = createWalletClient({ account: account(8), transport: http(fixture.rpcUrls.arbitrum) });
    const ratify = () =>
      ratifyWithFallback({
        clients: { [ARBITRUM]: sender },
        adapter: strict.fallbackAdapter,
        receiver: strict.receiver,
        messages: [message],
        accounts: [1, 2, 3, 4, 5, 6, 7, 8, 9].map(account),
      });

    const first = await ratify();
    expect(first.failed).toEqual([]);
    expect(first.ratified.map((r) => r.receiverStatus)).toEqual(['Pending']);

    const nonce = await nonceOf(fixture.rpcUrls.arbitrum, account(8).address);
    const second = await ratify();
    expect(second.skipped.map((s) => [s.receiverStatus, s.reason])).toEqual([['Pending', 'confirmed-by-adapter']]);
    expect(await nonceOf(fixture.rpcUrls.arbitrum, account(8).address)).toBe(nonce);

    const entry = createNetworkClients(fixture.config, fixture.relayer, fixture.rpcUrls).get(ARBITRUM);
    if (!entry) throw new Error('no arbitrum client');
    const source = localAttestationSource({
      keys: fixture.guardianKeys,
      adapter: strict.guardianAdapter,
      clients: { [ARBITRUM]: arbitrum() },
    });
    const delivered = await deliverMessage({
      client: entry.client,
      adapter: strict.guardianAdapter,
      receiver: strict.receiver,
      message,
      attestations: await source.fetch(message.messageId, ARBITRUM),
    });
    expect(delivered).toMatchObject({ status: 'delivered', receiverStatus: 'Queued' });
    const third = await ratify();
    expect(third.skipped.map((s) => [s.receiverStatus, s.reason])).toEqual([['Queued', 'consumed']]);
  });
});
