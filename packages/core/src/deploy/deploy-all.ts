import { checkNetworks } from '../config/check-networks.js';
import type { LockstepConfig } from '../config/schema.js';
import {
  type DeployerKey,
  type DeployLockstepErrorType,
  type DeployLockstepReturnType,
  type DeployProgress,
  deployLockstep,
  rpcUrlOf,
} from './deploy-lockstep.js';
import type { ExampleVaultImplementation } from './script-config.js';

export type DeployAllParameters = {
  config: LockstepConfig;
  account: DeployerKey;
  /** RPC URLs by network name: required for `{ local: true }` networks, else they override `rpc`. */
  rpcUrls?: Readonly<Record<string, string>>;
  /** The project root. Default: this repository. */
  root?: string;
  /** Deploy and register the example vault. Default: `isLocalConfig(config)`. */
  exampleVault?: boolean;
  /** The implementation the example vault's proxy starts on (a proxy that exists keeps its own). Default: `VaultV1`. */
  exampleVaultImplementation?: ExampleVaultImplementation;
  /** How long each RPC may take to answer `eth_chainId`. Default: 5000 ms. */
  timeoutMs?: number;
  onProgress?: (progress: DeployProgress) => void;
};

export type DeployAllReturnType = DeployLockstepReturnType[];

export type DeployAllErrorType = DeployLockstepErrorType;

/**
 * Deploys Lockstep on every network of the config, the hub first, then the satellites in config
 * order, one after the other. Every RPC is checked (answers, right chain id) before the first
 * transaction, so a wrong URL for the last network does not leave the others half done.
 *
 * Throws what `deployLockstep` throws, for the first network that fails; networks before it stay
 * deployed (a re-run finds them and sends nothing there).
 *
 * @example
 * const deployments = await deployAll({ config, account, rpcUrls: { ethereum: 'http://127.0.0.1:8545' } })
 */
export async function deployAll(parameters: DeployAllParameters): Promise<DeployAllReturnType> {
  const { config, rpcUrls = {}, ...rest } = parameters;
  const ordered = [
    ...config.networks.filter((network) => network.role === 'hub'),
    ...config.networks.filter((network) => network.role !== 'hub'),
  ];
  const urls = new Map(ordered.map((network) => [network.name, rpcUrlOf(network, rpcUrls[network.name])]));
  await checkNetworks(
    { networks: ordered.map((network) => ({ ...network, rpc: urls.get(network.name) ?? '' })) },
    { timeoutMs: parameters.timeoutMs ?? 5000 },
  );
  const results: DeployAllReturnType = [];
  for (const network of ordered) {
    results.push(await deployLockstep({ ...rest, config, network: network.name, rpcUrl: urls.get(network.name) }));
  }
  return results;
}
