/**
 * Test scaffolding (not exported): the relayer, guardian attestations, readers and clock of a
 * `relay/test-fixture.ts` fixture, so each relay, ack, canary, emergency and fallback test builds
 * them one way.
 */
import { createPublicClient, createTestClient, http, type PublicClient } from 'viem';
import { adapterAddress } from '../deploy/adapter-address.js';
import type { DeploymentAddresses } from '../deploy/deployment.js';
import { type CreateRelayerParameters, createRelayer, type RelayerAddresses } from './create-relayer.js';
import { localAttestationSource } from './guardian/attestation-source.js';
import { type Fixture, NETWORKS } from './test-fixture.js';

/** A public client per fixture chain, by chain id. */
export function fixtureReaders(fixture: Pick<Fixture, 'rpcUrls'>): Record<number, PublicClient> {
  return Object.fromEntries(
    NETWORKS.map((n) => [n.chainId, createPublicClient({ transport: http(fixture.rpcUrls[n.name]) })]),
  );
}

/** The relayer addresses of a deployment (its hub, receiver and adapters). */
export function relayerAddresses(addresses: DeploymentAddresses): RelayerAddresses {
  const { hub } = addresses;
  if (!hub) throw new Error('the deployment has no hub');
  return { hub, receiver: addresses.receiver, adapters: addresses.adapters };
}

/** Attestations signed with the fixture's 15 guardian keys (or `keys`) for the guardian adapter of `addresses`. */
export function fixtureAttestations(
  fixture: Pick<Fixture, 'rpcUrls' | 'guardianKeys' | 'addresses'>,
  options: { keys?: Fixture['guardianKeys']; addresses?: Pick<DeploymentAddresses, 'adapters'> } = {},
) {
  return localAttestationSource({
    keys: options.keys ?? fixture.guardianKeys,
    adapter: adapterAddress(options.addresses ?? fixture.addresses, 'guardian'),
    clients: fixtureReaders(fixture),
  });
}

/**
 * The fixture's guardian relayer over its deployment; `options` override any parameter (another
 * deployment's `addresses`, `fromBlock`, a `reporter`, `onEvent`, ...).
 */
export function fixtureRelayer(fixture: Fixture, options: Partial<CreateRelayerParameters> = {}) {
  const addresses = options.addresses ?? relayerAddresses(fixture.addresses);
  return createRelayer({
    config: fixture.config,
    account: fixture.relayer,
    rpcUrls: fixture.rpcUrls,
    source: fixtureAttestations(fixture, { addresses }),
    ...options,
    addresses,
  } as CreateRelayerParameters);
}

/** Moves every fixture chain's clock forward by `seconds` and mines a block on each. */
export async function advanceFixtureChains(fixture: Pick<Fixture, 'rpcUrls'>, seconds: number): Promise<void> {
  for (const n of NETWORKS) {
    const test = createTestClient({ mode: 'anvil', transport: http(fixture.rpcUrls[n.name]) });
    await test.increaseTime({ seconds });
    await test.mine({ blocks: 1 });
  }
}
