/**
 * Test scaffolding shared by the packages' tests (exported as `@lockstep/core/testing`, never used
 * by a command): local anvils of some of the default config's networks with Lockstep and the
 * example vault deployed by `deployAll`, and a proposal file of given actions. Tests that need a
 * different deployment (k = 2 receivers, a shorter guardian expiry) change the config in `configure`.
 */
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { type Address, type Hex, keccak256, toHex } from 'viem';
import { defaultConfig } from '../config/defaults.js';
import type { LockstepConfig } from '../config/schema.js';
import { deployAll } from '../deploy/deploy-all.js';
import type { DeploymentAddresses } from '../deploy/deployment.js';
import { resolveDeployerKey } from '../deploy/resolve-deployer-key.js';
import { type ProposalAction, type ProposalDocument, proposalContentHash } from '../proposal/document.js';

/** A network of the default config, by name and chain id. */
export type DevnetNetwork = { readonly name: string; readonly chainId: number };

/** The default config's four networks, the hub (ethereum) first. */
export const DEFAULT_NETWORKS: readonly DevnetNetwork[] = [
  { name: 'ethereum', chainId: 1 },
  { name: 'arbitrum', chainId: 42161 },
  { name: 'optimism', chainId: 10 },
  { name: 'polygon', chainId: 137 },
];

/** The first forge run in a clean tree compiles the deploy script: allow for it in `beforeAll`. */
export const DEVNET_DEPLOY_TIMEOUT = 300_000;

export type StartLockstepDevnetOptions = {
  /** The networks to start (each must be one of the default config's); default all four. */
  networks?: readonly DevnetNetwork[];
  /** Changes the config (restricted to `networks`) before the deployment. */
  configure?: (config: LockstepConfig) => void;
};

export type LockstepDevnet = {
  /** The default config restricted to the devnet's networks, as `configure` left it. */
  config: LockstepConfig;
  networks: readonly DevnetNetwork[];
  /** Each network's anvil RPC by name. */
  rpcUrls: Record<string, string>;
  /** The hub's deployment (the same addresses on every chain). */
  addresses: DeploymentAddresses;
  stop(): Promise<void>;
};

/**
 * Starts one anvil per network and deploys Lockstep (the example vault included) from the default
 * config with the test mnemonic's deployer. Every anvil is stopped again if the deployment fails.
 */
export async function startLockstepDevnet(options: StartLockstepDevnetOptions = {}): Promise<LockstepDevnet> {
  const networks = options.networks ?? DEFAULT_NETWORKS;
  const anvils = await startAnvils(networks.map((n) => ({ name: n.name, chainId: n.chainId })));
  const stop = () => stopAnvils(anvils);
  try {
    const config = defaultConfig();
    config.networks = config.networks.filter((n) => networks.some((m) => m.name === n.name));
    options.configure?.(config);
    const rpcUrls = Object.fromEntries(anvils.map((a) => [a.name, a.rpcUrl]));
    if (!config.keys.deployer) throw new Error('the default config has a deployer key');
    const account = await resolveDeployerKey(config.keys.deployer, {}, { allowTestMnemonic: true });
    const [hub] = await deployAll({ config, account, rpcUrls });
    if (!hub) throw new Error('deployAll deployed nothing on the hub');
    return { config, networks, rpcUrls, addresses: hub.addresses, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The audit reference the test proposal files carry unless told otherwise. */
export const TEST_AUDIT = { hash: keccak256(toHex('audit of VaultV2')), uri: 'ipfs://audit-vault-v2' } as const;

export type DraftProposalParameters = {
  /** The council on the hub. */
  council: Address;
  /** The hub's chain id; default 1. */
  chainId?: number;
  description?: string;
  actions: ProposalAction[];
  title?: string;
  audit?: { hash: Hex; uri: string };
};

/** A draft proposal file of `actions` (no submission, no signatures, no gate results). */
export function draftProposal({
  council,
  chainId = 1,
  actions,
  title = 'Vault V2',
  description = 'the fix for V1’s open sweep',
  audit = TEST_AUDIT,
}: DraftProposalParameters): ProposalDocument {
  return {
    format: 'lockstep-proposal',
    version: 1,
    title,
    description,
    createdAt: new Date().toISOString(),
    council: { chainId, address: council },
    audit,
    actions,
    contentHash: proposalContentHash(actions, audit.hash),
    gates: [],
    signatures: [],
  };
}
