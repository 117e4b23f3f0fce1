/**
 * The relayer delivers only what the hub's latest final block holds. A reorg deeper than the
 * finality depth can take a dispatch off the hub after the relayer scanned it: the guardians'
 * signatures on it stay valid (the receiver checks signatures, not the hub), so a relayer that
 * trusted its own scan would deliver a message the canonical hub never sent. Here the hub's dispatch
 * is reverted (`evm_revert`, as deep a reorg as it gets) after the relayer's first round saw it.
 */
import { createTestClient, type Hex, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMessageState } from '../message/receiver-state.js';
import type { RelayerEvent } from './create-relayer.js';
import type { AttestationSource } from './guardian/attestation-types.js';
import { dispatchVaultUpgradeToArbitrum, type Fixture, startFixture } from './test-fixture.js';
import { fixtureAttestations, fixtureReaders, fixtureRelayer } from './test-relayer.js';

const DEPLOY_TIMEOUT = 300_000;
const ARBITRUM = 42161;

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

describe('relayer after a reorg deeper than the finality depth', () => {
  it('refuses a message the hub no longer holds (not-on-hub), though the guardians signed it, and delivers nothing', async () => {
    const hubTest = createTestClient({ mode: 'anvil', transport: http(fixture.rpcUrls.ethereum) });
    const snapshot = await hubTest.snapshot();
    const message = await dispatchVaultUpgradeToArbitrum(fixture, 'orphaned-by-deep-reorg');
    // The guardians sign while the dispatch is on the hub; the relayer's first round finds no
    // quorum yet (its source answers later), so the message stays open in its memory.
    const signed = await fixtureAttestations(fixture).fetch(message.messageId, ARBITRUM);
    let available = false;
    const source: AttestationSource = {
      fetch: async (messageId: Hex, chainId: number) =>
        available && messageId === message.messageId && chainId === ARBITRUM ? signed : [],
    };
    const events: RelayerEvent[] = [];
    const relayer = fixtureRelayer(fixture, { source, onEvent: (event) => events.push(event) });
    const first = await relayer.runOnce();
    expect(first.failed.map((f) => f.messageId)).toContain(message.messageId);

    // The reorg: the hub's blocks since before the dispatch are gone, and it makes new ones.
    await hubTest.revert({ id: snapshot });
    await hubTest.mine({ blocks: 3 });
    available = true;
    const second = await relayer.runOnce();

    expect(second.delivered).toEqual([]);
    expect(second.notOnHub).toEqual([expect.objectContaining({ chainId: ARBITRUM, messageId: message.messageId })]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'not-on-hub', chainId: ARBITRUM, messageId: message.messageId }),
    );
    const arbitrum = fixtureReaders(fixture)[ARBITRUM];
    if (!arbitrum) throw new Error('no arbitrum reader');
    const state = await readMessageState(arbitrum, fixture.addresses.receiver, message.messageId);
    expect(state.status).toBe('None');
  }, 120_000);
});
