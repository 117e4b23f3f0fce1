/**
 * Puts Lockstep on every drill chain. The first time a (chain id, config, contracts) combination is
 * seen, the real deployer (`deployLockstep`, the Foundry script) runs and the chain's state is saved
 * under `.lockstep/drill-cache/`; afterwards that state is loaded into a fresh anvil in
 * milliseconds. The key covers the contracts' bytecode, so a changed contract deploys afresh.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lockstepContracts } from '@lockstep/client';
import type { LockstepConfig } from '@lockstep/core/config';
import {
  type DeploymentAddresses,
  deployLockstep,
  type ExampleVaultImplementation,
  resolveDeployerKey,
  toScriptConfig,
} from '@lockstep/core/deploy';
import { repoRoot } from '@lockstep/toolchain';
import type { Hex } from 'viem';
import type { DrillChain } from './start-chains.js';

export type ProvisionProgress = { chain: string; source: 'cache' | 'deployed'; durationMs: number };

export type ProvisionChainsParameters = {
  config: LockstepConfig;
  chains: readonly DrillChain[];
  /** Where cached states live. Default `<repo>/.lockstep/drill-cache`. */
  cacheDir?: string;
  /** Skip the cache (forks always skip it: their state is the fork's). */
  noCache?: boolean;
  /** Satellites deployed at once on a cache miss. Default 2. */
  concurrency?: number;
  /** What the example vault starts on (the scenario's baseline). Default: the deploy script's, VaultV1. */
  exampleVaultImplementation?: ExampleVaultImplementation;
  /** Chains whose receiver keeps its bootstrap open (the drill registers a forked proxy, then locks it). */
  openBootstrap?: readonly string[];
  onProgress?: (progress: ProvisionProgress) => void;
};

export type ProvisionChainsReturnType = {
  addresses: DeploymentAddresses;
  sources: Record<string, 'cache' | 'deployed'>;
};

type CacheEntry = { addresses: DeploymentAddresses; state: Hex };

/**
 * Bumped when what a cached entry must contain changes (v2: blocks stamped from the fixed drill
 * genesis; v3: the deployment's adapters recorded by kind, `addresses.adapters`).
 */
const CACHE_FORMAT = 'v3';
const CONTRACTS_FINGERPRINT = createHash('sha256')
  .update(CACHE_FORMAT)
  .update(JSON.stringify(Object.entries(lockstepContracts).map(([name, c]) => [name, c.bytecode])))
  .digest('hex');

export async function provisionChains(parameters: ProvisionChainsParameters): Promise<ProvisionChainsReturnType> {
  const { config, chains, onProgress } = parameters;
  const cacheDir = parameters.cacheDir ?? join(repoRoot, '.lockstep', 'drill-cache');
  const account = await resolveDeployerKey(
    config.keys.deployer ?? { mnemonicEnv: 'LOCKSTEP_MNEMONIC', index: 0 },
    {},
    { allowTestMnemonic: true },
  );
  const vault = parameters.exampleVaultImplementation
    ? { exampleVaultImplementation: parameters.exampleVaultImplementation }
    : {};
  const scriptConfig = JSON.stringify(toScriptConfig(config, vault));
  const sources: Record<string, 'cache' | 'deployed'> = {};
  let addresses: DeploymentAddresses | undefined;

  const provisionOne = async (chain: DrillChain) => {
    const started = performance.now();
    const cacheable = !parameters.noCache && !chain.fork;
    const file = join(
      cacheDir,
      `${createHash('sha256')
        .update(
          `${CONTRACTS_FINGERPRINT}\n${chain.chainId}\n${account.address}\n${scriptConfig}${parameters.openBootstrap?.includes(chain.name) ? '\nopen-bootstrap' : ''}`,
        )
        .digest('hex')
        .slice(0, 32)}.json`,
    );
    const cached = cacheable ? await readEntry(file) : undefined;
    if (cached) {
      await chain.client.request({ method: 'anvil_loadState', params: [cached.state] } as never);
      addresses ??= cached.addresses;
      sources[chain.name] = 'cache';
    } else {
      const result = await deployLockstep({
        config,
        network: chain.name,
        account,
        rpcUrl: chain.rpcUrl,
        ...vault,
        ...(parameters.openBootstrap?.includes(chain.name) ? { lockBootstrap: false } : {}),
      });
      addresses ??= result.addresses;
      sources[chain.name] = 'deployed';
      if (cacheable) {
        const state = (await chain.client.request({ method: 'anvil_dumpState', params: [] } as never)) as Hex;
        await writeEntry(file, { addresses: result.addresses, state });
      }
    }
    onProgress?.({
      chain: chain.name,
      source: sources[chain.name] ?? 'deployed',
      durationMs: performance.now() - started,
    });
  };

  const hub = chains.find((chain) => chain.role === 'hub');
  if (!hub) throw new Error('a drill needs a hub chain');
  await provisionOne(hub);
  const queue = chains.filter((chain) => chain !== hub);
  const workers = Array.from({ length: Math.max(1, parameters.concurrency ?? 2) }, async () => {
    for (let chain = queue.shift(); chain; chain = queue.shift()) await provisionOne(chain);
  });
  await Promise.all(workers);
  if (!addresses) throw new Error('no chain was provisioned');
  return { addresses, sources };
}

async function readEntry(file: string): Promise<CacheEntry | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CacheEntry;
  } catch {
    return undefined; // missing or torn: deploy afresh and rewrite it
  }
}

async function writeEntry(file: string, entry: CacheEntry): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(entry));
  await rename(temp, file);
}
