import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { repoRoot, runFoundry } from '@lockstep/toolchain';
import { type Address, createPublicClient, type Hex, isAddressEqual } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { rpcHttp } from '../chain/clients.js';
import { checkNetworks } from '../config/check-networks.js';
import { isLocalConfig } from '../config/defaults.js';
import type { LockstepConfig, NetworkConfig } from '../config/schema.js';
import { DeployError, type DeployErrorType } from '../errors/deploy.js';
import type { ChainIdMismatchErrorType, RpcErrorType } from '../errors/rpc.js';
import { redactUrl } from '../utils/redact-url.js';
import {
  DEPLOYMENTS_DIR,
  type Deployment,
  type DeploymentAddresses,
  deploymentPath,
  readJsonFile,
  scriptOutputSchema,
} from './deployment.js';
import { DEPLOY_SCRIPT, forgeDeployCommand } from './forge-command.js';
import { lastLines, redactOutput } from './redact-output.js';
import { startRpcProxy } from './rpc-proxy.js';
import { type ExampleVaultImplementation, type ToScriptConfigOptions, toScriptConfig } from './script-config.js';

/** The deployer: the account that broadcasts. Its key reaches forge through the environment only. */
export type DeployerKey = {
  address: Address;
  privateKey: Hex;
};

/** What `deployLockstep` is doing, for a progress display (the library never prints). */
export type DeployProgress =
  | { step: 'checking'; network: string; url: string }
  | { step: 'deploying'; network: string; chainId: number }
  | { step: 'deployed'; network: string; chainId: number; created: boolean; durationMs: number };

export type DeployLockstepParameters = {
  config: LockstepConfig;
  /** The name of the network to deploy on, e.g. `arbitrum`. */
  network: string;
  account: DeployerKey;
  /** The RPC URL; required for `{ local: true }` networks (the devnet knows it), else overrides `rpc`. */
  rpcUrl?: string;
  /** The project root (holds `foundry.toml`, `script/`, `deployments/`). Default: this repository. */
  root?: string;
  /** Deploy and register the example vault. Default: `isLocalConfig(config)`. */
  exampleVault?: boolean;
  /** The implementation the example vault's proxy starts on (a proxy that exists keeps its own). Default: `VaultV1`. */
  exampleVaultImplementation?: ExampleVaultImplementation;
  /** Lock the receiver's bootstrap at the end. Default `true`; `false` leaves registration open to the deployer. */
  lockBootstrap?: boolean;
  /** How long the RPC may take to answer `eth_chainId`. Default: 5000 ms. */
  timeoutMs?: number;
  onProgress?: (progress: DeployProgress) => void;
};

export type DeployLockstepReturnType = {
  network: string;
  chainId: number;
  addresses: DeploymentAddresses;
  /** Whether any transaction was sent (false when everything already existed). */
  created: boolean;
  deployer: Address;
  /** The deployment file written, `<root>/deployments/<network>.json`. */
  file: string;
};

export type DeployLockstepErrorType = DeployErrorType | RpcErrorType | ChainIdMismatchErrorType;

/** Lines of forge's output a `DeployError` carries. */
const OUTPUT_LINES = 30;

/**
 * Deploys Lockstep on one network by running `script/DeployLockstep.s.sol` (the one place the
 * deployment layout is defined): the satellite stack, plus the hub stack on the hub network, plus
 * the example vault when asked, at the same CREATE2 addresses on every chain. Idempotent: a re-run
 * finds what exists, sends nothing and returns `created: false`.
 *
 * Steps: check that the RPC answers with the configured chain id (before any transaction), write
 * the script's config (addresses and numbers only) to a private temp file, run forge with the key
 * in its environment (never argv), then write `deployments/<network>.json` atomically.
 *
 * Throws `RpcError` (the RPC does not answer), `ChainIdMismatchError` (it serves another chain) or
 * `DeployError` (unknown network, no RPC URL, forge failed — with forge's last lines, keys redacted).
 *
 * @example
 * const { addresses, created } = await deployLockstep({ config, network: 'arbitrum', account })
 */
export async function deployLockstep(parameters: DeployLockstepParameters): Promise<DeployLockstepReturnType> {
  const { config, account, root = repoRoot, onProgress } = parameters;
  const network = findNetwork(config, parameters.network);
  const url = rpcUrlOf(network, parameters.rpcUrl);
  const deployer = deployerAddress(account, network.name);

  onProgress?.({ step: 'checking', network: network.name, url: redactUrl(url) });
  await checkNetworks({ networks: [{ ...network, rpc: url }] }, { timeoutMs: parameters.timeoutMs ?? 5000 });

  const started = performance.now();
  onProgress?.({ step: 'deploying', network: network.name, chainId: network.chainId });
  const client = createPublicClient({ transport: rpcHttp(url, { retryCount: 1 }) });
  const nonceBefore = await client.getTransactionCount({ address: deployer });
  const exampleVault = parameters.exampleVault ?? isLocalConfig(config);
  const { exampleVaultImplementation, lockBootstrap } = parameters;
  const addresses = await runScript({
    config,
    network,
    url,
    account,
    root,
    options: {
      exampleVault,
      ...(exampleVaultImplementation === undefined ? {} : { exampleVaultImplementation }),
      ...(lockBootstrap === undefined ? {} : { lockBootstrap }),
    },
  });
  const nonceAfter = await client.getTransactionCount({ address: deployer });
  const created = nonceAfter > nonceBefore;

  const deployment: Deployment = {
    network: network.name,
    chainId: network.chainId,
    rpcUrl: redactUrl(url),
    deployer,
    addresses,
  };
  const file = deploymentPath(root, network.name);
  await writeFileAtomic(file, `${JSON.stringify(deployment, null, 2)}\n`);
  onProgress?.({
    step: 'deployed',
    network: network.name,
    chainId: network.chainId,
    created,
    durationMs: Math.round(performance.now() - started),
  });
  return { network: network.name, chainId: network.chainId, addresses, created, deployer, file };
}

/** The config's network named `name`; throws `DeployError` (`unknown-network`) listing the known ones. */
export function findNetwork(config: LockstepConfig, name: string): NetworkConfig {
  const network = config.networks.find((n) => n.name === name);
  if (!network) {
    const known = config.networks.map((n) => n.name).join(', ');
    throw new DeployError(`no network named "${name}" in the config — use one of: ${known}`, {
      reason: 'unknown-network',
      network: name,
    });
  }
  return network;
}

/** The URL to deploy through: the override, else the network's own. */
export function rpcUrlOf(network: NetworkConfig, override: string | undefined): string {
  if (override !== undefined) return override;
  if (typeof network.rpc === 'string') return network.rpc;
  throw new DeployError(
    `networks.${network.name} is a local chain ({ local: true }) and no rpcUrl was given — start the devnet and pass its URL`,
    { reason: 'missing-rpc-url', network: network.name },
  );
}

/** The deployer's address, checked against its key; throws `DeployError` (`account-mismatch`). */
export function deployerAddress(account: DeployerKey, network: string): Address {
  let derived: Address;
  try {
    derived = privateKeyToAddress(account.privateKey);
  } catch {
    // The library's message could quote the key.
    throw new DeployError('the deployer account does not hold a valid private key', {
      reason: 'account-mismatch',
      network,
    });
  }
  if (!isAddressEqual(derived, account.address)) {
    throw new DeployError(`the deployer's private key belongs to ${derived}, not to ${account.address}`, {
      reason: 'account-mismatch',
      network,
    });
  }
  return derived;
}

type RunScriptParameters = {
  config: LockstepConfig;
  network: NetworkConfig;
  url: string;
  account: DeployerKey;
  root: string;
  options: ToScriptConfigOptions;
};

async function runScript({
  config,
  network,
  url,
  account,
  root,
  options,
}: RunScriptParameters): Promise<DeploymentAddresses> {
  // forge may only read files under the paths foundry.toml allows (`fs_permissions`); `deployments/`
  // is one. mkdtemp gives a fresh folder (mode 0700) and the file is 0600: it holds no key, but
  // nobody else needs to read it.
  const deploymentsDir = join(root, DEPLOYMENTS_DIR);
  await mkdir(deploymentsDir, { recursive: true });
  const dir = await mkdtemp(join(deploymentsDir, '.config-'));
  try {
    const configPath = join(dir, `${network.name}.json`);
    const scriptConfig = toScriptConfig(config, options);
    await writeFile(configPath, `${JSON.stringify(scriptConfig, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    // SECURITY: forge writes the RPC URL it is given into cache/ and broadcast/ run files. It gets a
    // loopback proxy's URL; the real one (which may carry an API key) never reaches forge, so never disk.
    const proxy = /^https?:/.test(url) ? await startRpcProxy(url) : undefined;
    const forgeUrl = proxy?.url ?? url;
    const { args, env } = forgeDeployCommand({ configPath, rpcUrl: forgeUrl, privateKey: account.privateKey, root });
    // The script's output goes to this run's own folder: deployments running at once never share it.
    const outputPath = join(dir, 'output.json');
    env[DEPLOY_OUTPUT_ENV] = outputPath;
    let result: { code: number; stdout: string };
    try {
      result = await runFoundry('forge', args, { cwd: root, env, quiet: true });
    } catch (cause) {
      throw new DeployError(`cannot run forge to deploy on ${network.name}`, {
        reason: 'script-failed',
        network: network.name,
        cause,
      });
    } finally {
      await proxy?.close();
    }
    // A WebSocket URL cannot be proxied: scrub it from the run files forge just wrote.
    if (!proxy) await scrubRunFiles(root, network.chainId, url);
    if (result.code !== 0) {
      const output = lastLines(redactOutput(result.stdout, [account.privateKey, url]), OUTPUT_LINES);
      const hint = /insufficient funds/i.test(output)
        ? ` — fund the deployer ${account.address} on ${network.name}`
        : ' — see forge output below';
      throw new DeployError(
        `deploying Lockstep on ${network.name} (chain ${network.chainId}) failed: forge script exited with code ${result.code}${hint}`,
        { reason: 'script-failed', network: network.name, output },
      );
    }
    return await readScriptOutput(outputPath, config, network, options.exampleVault ?? false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Replaces `secret` with `<redacted>` in this chain's `forge script` run files (`broadcast/` and
 * `cache/` under the deploy script's folder).
 */
async function scrubRunFiles(root: string, chainId: number, secret: string): Promise<void> {
  const script = basename(DEPLOY_SCRIPT);
  for (const base of ['broadcast', 'cache']) {
    const folder = join(root, base, script, String(chainId));
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const path = join(folder, name);
      const text = await readFile(path, 'utf8');
      if (text.includes(secret)) await writeFile(path, text.split(secret).join(redactUrl(secret)));
    }
  }
}

/** Where the deploy script writes its addresses when this variable is set. */
const DEPLOY_OUTPUT_ENV = 'LOCKSTEP_DEPLOY_OUTPUT';

async function readScriptOutput(
  path: string,
  config: Pick<LockstepConfig, 'receiver'>,
  network: NetworkConfig,
  exampleVault: boolean,
): Promise<DeploymentAddresses> {
  const parsed = scriptOutputSchema.safeParse(await readJsonFile(path).catch(() => undefined));
  if (!parsed.success || parsed.data.chainId !== network.chainId) {
    throw new DeployError(`the deploy script left no valid ${path} for ${network.name}`, {
      reason: 'missing-output',
      network: network.name,
      cause: parsed.error,
    });
  }
  const { chainId: _, adapters: deployed, vault, vaultV1, vaultV2, timelock, hub, council, ...satellite } = parsed.data;
  // The adapters in the config's order (its confirmation-bit order), each one the config lists.
  const adapters: DeploymentAddresses['adapters'] = {};
  for (const kind of config.receiver.adapters) {
    const address = deployed[kind];
    if (!address) {
      throw new DeployError(`the deploy script deployed no "${kind}" adapter on ${network.name}`, {
        reason: 'missing-output',
        network: network.name,
      });
    }
    adapters[kind] = address;
  }
  const hubStack = network.role === 'hub' ? { timelock, hub, council } : {};
  const vaultStack = exampleVault ? { vault, vaultV1, vaultV2 } : {};
  return { ...satellite, adapters, ...hubStack, ...vaultStack };
}

/** Writes `path` through a temp file and a rename, so readers never see half a file. */
async function writeFileAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(tmp, content, { flag: 'wx' });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
