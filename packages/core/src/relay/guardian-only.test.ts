/**
 * A deployment whose config lists the GuardianAdapter alone (`receiver.adapters: ['guardian']`):
 * only that adapter is deployed and recorded, and a message still goes from the hub to every
 * receiver through it.
 */
import { lockstepFactoryAbi, upgradeReceiverAbi } from '@lockstep/client';
import { createPublicClient, http, keccak256, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterAddress } from '../deploy/adapter-address.js';
import { AdapterNotDeployedError } from '../errors/deploy.js';
import { readMessageState } from '../message/receiver-state.js';
import { createRelayer } from './create-relayer.js';
import { scanDispatched } from './scan-dispatched.js';
import { dispatchVaultUpgrade, type Fixture, NETWORKS, startFixture } from './test-fixture.js';
import { fixtureRelayer } from './test-relayer.js';

// The first forge run in a clean tree compiles the deploy script.
const DEPLOY_TIMEOUT = 300_000;

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture({
    configure: (config) => {
      config.receiver.adapters = ['guardian'];
    },
  });
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

const reader = (name: string) => createPublicClient({ transport: http(fixture.rpcUrls[name]) });

describe('a guardian-only deployment', () => {
  it('deploys and records the GuardianAdapter alone; asking for the fallback names it and the fix', async () => {
    expect(Object.keys(fixture.addresses.adapters)).toEqual(['guardian']);
    const guardian = adapterAddress(fixture.addresses, 'guardian');
    // Where the fallback adapter would be (the factory's address for its salt), nothing was deployed.
    const wouldBe = await reader('arbitrum').readContract({
      address: fixture.addresses.factory,
      abi: lockstepFactoryAbi,
      functionName: 'predict',
      args: [keccak256(toHex('lockstep.adapter.fallback.v1'))],
    });
    for (const network of NETWORKS) {
      const client = reader(network.name);
      expect(await client.getCode({ address: guardian })).toMatch(/^0x[0-9a-f]{2,}/);
      expect(await client.getCode({ address: wouldBe })).toBeUndefined();
      const [adapters, required] = await client.readContract({
        address: fixture.addresses.receiver,
        abi: upgradeReceiverAbi,
        functionName: 'adapters',
      });
      expect(adapters).toEqual([guardian]);
      expect(required).toBe(1n);
    }
    const error = (() => {
      try {
        return adapterAddress(fixture.addresses, 'fallback');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AdapterNotDeployedError);
    expect(error).toMatchObject({ name: 'AdapterNotDeployedError', kind: 'fallback', deployed: ['guardian'] });
    expect((error as Error).message).toContain('add "fallback" to receiver.adapters in the config');
  });

  it('relays a dispatched upgrade through the GuardianAdapter to every receiver (Queued)', async () => {
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    await dispatchVaultUpgrade(fixture, 'guardian-only');
    const relayer = fixtureRelayer(fixture);
    const round = await relayer.runOnce();
    expect(round.failed).toEqual([]);
    expect(round.delivered).toHaveLength(NETWORKS.length);
    const { messages } = await scanDispatched({ client: reader('ethereum'), hub });
    for (const message of messages) {
      const network = NETWORKS.find((n) => n.chainId === message.chainId);
      const state = await readMessageState(reader(network?.name ?? ''), fixture.addresses.receiver, message.messageId);
      expect(state.status).toBe('Queued');
    }
  });

  it('a relayer whose adapter the deployment lacks fails its round with the typed error', async () => {
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    const relayer = createRelayer({
      config: fixture.config,
      account: fixture.relayer,
      rpcUrls: fixture.rpcUrls,
      adapter: {
        kind: 'fallback',
        deliver: () => Promise.reject(new Error('never reached: the deployment has no fallback adapter')),
      },
      addresses: { hub, receiver: fixture.addresses.receiver, adapters: fixture.addresses.adapters },
    });
    await expect(relayer.runOnce()).rejects.toMatchObject({ name: 'AdapterNotDeployedError', kind: 'fallback' });
  });
});
