/**
 * Test scaffolding (not exported): what an executor pre-signs — an upgrade of the example vault
 * dispatched by the hub and delivered to every chain's receiver by the relayer, each message
 * waiting for its activation time. Shared by core's and the CLI's receiver-execute tests.
 */
import { createPublicClient, http, type PublicClient } from 'viem';
import { adapterAddress } from '../deploy/adapter-address.js';
import type { DispatchedMessage } from '../message/dispatched.js';
import { readMessageState } from '../message/receiver-state.js';
import { createRelayer } from '../relay/create-relayer.js';
import { localAttestationSource } from '../relay/guardian/attestation-source.js';
import { scanDispatched } from '../relay/scan-dispatched.js';
import { dispatchVaultUpgrade, type Fixture, NETWORKS } from '../relay/test-fixture.js';

export type DeliveredUpgrade = {
  /** One message per network, as the hub dispatched them. */
  messages: DispatchedMessage[];
  /** The latest activation time of the messages (chain time): when every `execute` can run. */
  executableAt: number;
  /** A reader per chain id. */
  readers: Record<number, PublicClient>;
};

/** Dispatches a vault upgrade labelled `label` to every network and relays it to every receiver. */
export async function deliverVaultUpgrade(fixture: Fixture, label: string): Promise<DeliveredUpgrade> {
  const { hub, receiver, adapters } = fixture.addresses;
  if (!hub) throw new Error('incomplete deployment');
  await dispatchVaultUpgrade(fixture, label);
  const readers: Record<number, PublicClient> = Object.fromEntries(
    NETWORKS.map((n) => [n.chainId, createPublicClient({ transport: http(fixture.rpcUrls[n.name]) })]),
  );
  const guardianAdapter = adapterAddress(fixture.addresses, 'guardian');
  const source = localAttestationSource({ keys: fixture.guardianKeys, adapter: guardianAdapter, clients: readers });
  const relayer = createRelayer({
    ...{ config: fixture.config, account: fixture.relayer, rpcUrls: fixture.rpcUrls, source },
    addresses: { hub, receiver, adapters },
  });
  const { delivered } = await relayer.runOnce();
  if (delivered.length !== NETWORKS.length) throw new Error(`delivered ${delivered.length} of ${NETWORKS.length}`);
  const { messages } = await scanDispatched({ client: readers[1] as PublicClient, hub });
  const states = await Promise.all(
    messages.map((m) => readMessageState(readers[m.chainId] as PublicClient, receiver, m.messageId)),
  );
  return { messages, executableAt: Math.max(...states.map((s) => s.executableAt)), readers };
}

/** The network name of a chain id of the fixture. */
export function networkOf(chainId: number): string {
  const network = NETWORKS.find((n) => n.chainId === chainId);
  if (!network) throw new Error(`chain ${chainId} is not one of the fixture's`);
  return network.name;
}
