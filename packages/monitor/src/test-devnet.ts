/**
 * Test scaffolding (not exported): real anvils (ethereum as the hub, arbitrum) with the default
 * deployment, and the steps of an upgrade of the example vault on both through the real path: council
 * proposal, approvals, timelock, dispatch, guardian relay, execution on each receiver; and a council
 * rotation (proposed here, then approved, scheduled and executed by the same steps).
 */

import { securityCouncilAbi } from '@lockstep/client';
import type { ReadClient } from '@lockstep/core/chain';
import { defaultConfig, type LockstepConfig, resolveKey, TEST_MNEMONIC } from '@lockstep/core/config';
import { approveOnChain, executeProposal, proposeUpgrade, scheduleProposal } from '@lockstep/core/council';
import { adapterAddress, type DeploymentAddresses, deployAll, resolveDeployerKey } from '@lockstep/core/deploy';
import { advanceTime } from '@lockstep/core/devnet';
import { executeReady } from '@lockstep/core/executor';
import { createNetworkClients, createRelayer, localAttestationSource, scanDispatched } from '@lockstep/core/relay';
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { createPublicClient, createWalletClient, type Hex, http, keccak256, parseEventLogs, toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { type WatchedChain, watchedContracts } from './watch/watched-chain.js';

/** forge compiles the deploy script on its first run in a clean tree: minutes on a loaded machine. */
export const DEPLOY_TIMEOUT = 300_000;
export const TWO_DAYS = 2 * 86_400;
export const NETWORKS = [
  { name: 'ethereum', chainId: 1, role: 'hub' as const },
  { name: 'arbitrum', chainId: 42161, role: 'satellite' as const },
];

export type MonitorDevnet = {
  config: LockstepConfig;
  rpcUrls: Record<string, string>;
  addresses: DeploymentAddresses;
  /** The chains as the monitor watches them (a reorg window of 64 blocks), with fresh read clients. */
  chains(): (WatchedChain & { client: ReadClient })[];
  /** Member 1 proposes upgrading the vault to V2 on both chains. */
  propose(label?: string): Promise<Hex>;
  approve(proposalId: Hex, members: readonly number[]): Promise<void>;
  schedule(proposalId: Hex): Promise<void>;
  /** Moves every chain's clock forward. */
  advance(seconds: number): Promise<void>;
  /** Runs the ready timelock operation: the hub dispatches one message per chain. */
  execute(proposalId: Hex): Promise<void>;
  /** One relayer round with the config's guardian keys: delivers every dispatched message. */
  relay(): Promise<number>;
  /** Executes every queued message whose time came (on the named chains only, when given). */
  executeReady(chains?: readonly string[]): Promise<number>;
  /** Member 1 proposes re-seating the current members with `termEnds` (one per member, in the council's order). */
  proposeRotation(termEnds: readonly number[]): Promise<Hex>;
  stop(): Promise<void>;
};

export async function startMonitorDevnet(): Promise<MonitorDevnet> {
  const anvils = await startAnvils(NETWORKS.map(({ name, chainId }) => ({ name, chainId })));
  try {
    const rpcUrls = Object.fromEntries(anvils.map((a) => [a.name, a.rpcUrl]));
    const config = defaultConfig();
    config.networks = config.networks.filter((n) => NETWORKS.some((m) => m.name === n.name));
    if (!config.keys.deployer || !config.keys.relayer)
      throw new Error('the default config names deployer and relayer keys');
    const account = await resolveDeployerKey(config.keys.deployer, {}, { allowTestMnemonic: true });
    const [hub] = await deployAll({ config, account, rpcUrls });
    const addresses = hub?.addresses;
    if (!addresses?.council || !addresses.hub || !addresses.vault || !addresses.vaultV2) {
      throw new Error('the hub deployment has a council, a hub and the example vault');
    }
    const { council, vault, vaultV2 } = addresses;
    const relayerKey = await resolveKey(config.keys.relayer, {}, { allowTestMnemonic: true });
    const memberClient = (i: number) =>
      createWalletClient({
        account: mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i }),
        transport: http(rpcUrls.ethereum),
      });
    const readers = Object.fromEntries(
      NETWORKS.map((n) => [n.chainId, createPublicClient({ transport: http(rpcUrls[n.name]) })]),
    );
    const guardianKeys = Array.from({ length: 15 }, (_, i) =>
      toHex(mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 10 + i }).getHdKey().privateKey ?? new Uint8Array()),
    );
    const networkClients = () =>
      Object.fromEntries(
        [...createNetworkClients(config, relayerKey, rpcUrls)].map(([chainId, entry]) => [chainId, entry.client]),
      );
    return {
      config,
      rpcUrls,
      addresses,
      chains: () =>
        NETWORKS.map((n) => ({
          ...n,
          finalityDepth: 64,
          contracts: watchedContracts(addresses),
          client: createPublicClient({ transport: http(rpcUrls[n.name], { retryCount: 0, timeout: 5000 }) }),
        })),
      async propose(label = 'VaultV2') {
        const { proposalId } = await proposeUpgrade(memberClient(1), {
          council,
          actions: NETWORKS.map((n) => ({ chainId: n.chainId, proxy: vault, implementation: vaultV2 })),
          auditReportHash: keccak256(toHex(`audit of ${label}`)),
          auditReportUri: `ipfs://audit-${label}`,
          rpcUrls: { 42161: rpcUrls.arbitrum ?? '' },
        });
        return proposalId;
      },
      async approve(proposalId, members) {
        for (const i of members) await approveOnChain(memberClient(i), { council, proposalId });
      },
      async schedule(proposalId) {
        await scheduleProposal(memberClient(9), { council, proposalId });
      },
      async advance(seconds) {
        for (const url of Object.values(rpcUrls)) await advanceTime(url, seconds);
      },
      async execute(proposalId) {
        await executeProposal(memberClient(9), { council, proposalId });
      },
      async relay() {
        const guardians = { keys: guardianKeys, adapter: adapterAddress(addresses, 'guardian'), clients: readers };
        const { hub = council, receiver, adapters } = addresses;
        const source = localAttestationSource(guardians);
        const relayer = createRelayer({
          config,
          account: relayerKey,
          rpcUrls,
          source,
          addresses: { hub, receiver, adapters },
        });
        return (await relayer.runOnce()).delivered.length;
      },
      async executeReady(chains = NETWORKS.map((n) => n.name)) {
        const { messages } = await scanDispatched({ client: readers[1] as ReadClient, hub: addresses.hub ?? council });
        const chainIds = NETWORKS.filter((n) => chains.includes(n.name)).map((n) => n.chainId);
        const ran = await executeReady({
          clients: networkClients(),
          receiver: addresses.receiver,
          messages: messages.filter((m) => chainIds.includes(m.chainId)),
        });
        return ran.filter((r) => r.status === 'executed').length;
      },
      async proposeRotation(termEnds) {
        const read = { address: council, abi: securityCouncilAbi } as const;
        const hub = readers[1];
        if (!hub) throw new Error('no hub reader');
        const [members, threshold, emergencyThreshold] = await Promise.all([
          hub.readContract({ ...read, functionName: 'members' }),
          hub.readContract({ ...read, functionName: 'threshold' }),
          hub.readContract({ ...read, functionName: 'emergencyThreshold' }),
        ]);
        const hash = await memberClient(1).writeContract({
          ...read,
          chain: null,
          functionName: 'proposeRotation',
          args: [members, termEnds, threshold, emergencyThreshold],
        });
        const receipt = await hub.waitForTransactionReceipt({ hash });
        const [created] = parseEventLogs({ abi: securityCouncilAbi, eventName: 'ProposalCreated', logs: receipt.logs });
        if (receipt.status !== 'success' || !created) throw new Error(`proposeRotation failed in ${hash}`);
        return created.args.proposalId;
      },
      stop: () => stopAnvils(anvils),
    };
  } catch (error) {
    await stopAnvils(anvils);
    throw error;
  }
}
