/**
 * Test scaffolding for the council tests (not exported): real anvils (ethereum as the hub,
 * arbitrum) with the default deployment, its council members (anvil's test mnemonic 1-9) and an
 * upgrade of the example vault to propose.
 */
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { type Address, createWalletClient, type Hex, http, keccak256, toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { defaultConfig, TEST_MNEMONIC } from '../config/defaults.js';
import { deployAll } from '../deploy/deploy-all.js';
import type { DeploymentAddresses } from '../deploy/deployment.js';
import { resolveDeployerKey } from '../deploy/resolve-deployer-key.js';
import { proposeUpgrade } from './propose-upgrade.js';

// forge compiles the deploy script on its first run in a clean tree: minutes on a loaded machine.
export const DEPLOY_TIMEOUT = 300_000;
/** The default config's timelock delay. */
export const TWO_DAYS = 2 * 24 * 3600;

/** Council member `i` (1-9) of the default config: anvil's test mnemonic (index 0 is the deployer, not a member). */
export const member = (i: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i });

export type CouncilFixture = {
  hubUrl: string;
  arbitrumUrl: string;
  /** The hub's deployment. */
  addresses: DeploymentAddresses;
  council: Address;
  /** A wallet client of mnemonic account `i` (see `member`) on the hub. */
  clientOf(i: number): ReturnType<typeof memberClient>;
  /** The upgrade of the example vault to V2 on ethereum and arbitrum. */
  upgradeActions(): ReturnType<typeof vaultUpgradeActions>;
  /** Member 1 proposes `upgradeActions()`; returns the proposal id. */
  propose(): Promise<Hex>;
  stop(): Promise<void>;
};

/** Starts the anvils and deploys the default config (restricted to ethereum and arbitrum) on them. */
export async function startCouncilFixture(): Promise<CouncilFixture> {
  const anvils = await startAnvils([
    { name: 'ethereum', chainId: 1 },
    { name: 'arbitrum', chainId: 42161 },
  ]);
  try {
    const hubUrl = anvils[0]?.rpcUrl ?? '';
    const arbitrumUrl = anvils[1]?.rpcUrl ?? '';
    const config = defaultConfig();
    config.networks = config.networks.filter((n) => n.name === 'ethereum' || n.name === 'arbitrum');
    if (!config.keys.deployer) throw new Error('the default config has a deployer key');
    const account = await resolveDeployerKey(config.keys.deployer, {}, { allowTestMnemonic: true });
    const [hub] = await deployAll({ config, account, rpcUrls: { ethereum: hubUrl, arbitrum: arbitrumUrl } });
    if (!hub?.addresses.council) throw new Error('the hub deployment has a council');
    const { addresses } = hub;
    const { council } = hub.addresses;
    const clientOf = (i: number) => memberClient(hubUrl, i);
    const upgradeActions = () => vaultUpgradeActions(addresses);
    const propose = async () => {
      const { proposalId } = await proposeUpgrade(clientOf(1), {
        council,
        actions: upgradeActions(),
        auditReportHash: keccak256(toHex('audit of VaultV2')),
        auditReportUri: 'ipfs://audit-vault-v2',
        rpcUrls: { 42161: arbitrumUrl },
      });
      return proposalId;
    };
    return {
      hubUrl,
      arbitrumUrl,
      addresses,
      council,
      clientOf,
      upgradeActions,
      propose,
      stop: () => stopAnvils(anvils),
    };
  } catch (error) {
    await stopAnvils(anvils);
    throw error;
  }
}

function memberClient(hubUrl: string, i: number) {
  return createWalletClient({ account: member(i), transport: http(hubUrl) });
}

function vaultUpgradeActions(addresses: DeploymentAddresses) {
  const { vault, vaultV2 } = addresses;
  if (!vault || !vaultV2) throw new Error('the local deployment has the example vault');
  return [
    { chainId: 1, proxy: vault, implementation: vaultV2 },
    { chainId: 42161, proxy: vault, implementation: vaultV2 },
  ];
}
