/**
 * Puts Lockstep on every drill chain. The first time a (hub chain id or "satellite", config,
 * contracts) combination is seen, the deployer runs — on the hub and on one satellite, at once — and
 * the state is saved under `.lockstep/drill-cache/`. Fresh chains deploy with `deployLockstepDirect`
 * (the Foundry script's transactions from the compiled artifacts, pre-signed and sent raw: no forge
 * process; its test proves the same contracts and storage as the script's); forked chains, whose
 * state is a real chain's, deploy with the script itself (`deployLockstep`), which keeps what exists.
 * Every other satellite gets a copy of that one satellite's state (`anvil_loadState`, milliseconds),
 * so a cold drill costs two deployments whatever its chain count (see docs/cold-deploy.md). The key covers the contracts'
 * bytecode, so a changed contract deploys afresh. Forked chains (and `noCache`) deploy each chain.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lockstepContracts } from '@lockstep/client';
import { isLocalConfig, type LockstepConfig } from '@lockstep/core/config';
import {
  type DeploymentAddresses,
  deployLockstep,
  deployLockstepDirect,
  type ExampleVaultImplementation,
  resolveDeployerKey,
  toScriptConfig,
} from '@lockstep/core/deploy';
import { repoRoot } from '@lockstep/toolchain';
import type { Hex } from 'viem';
import type { DrillChain } from './start-chains.js';

/**
 * Where a chain's Lockstep state came from: `deployed` on that chain (direct deployer, or the Foundry
 * script on a fork),
 * `cache` loaded from the drill cache, or `copied` from the one satellite deployed this run (the
 * satellite stack is identical on every chain, so one deploy serves them all).
 */
export type ProvisionSource = 'cache' | 'deployed' | 'copied';

export type ProvisionProgress = { chain: string; source: ProvisionSource; durationMs: number };

export type ProvisionChainsParameters = {
  config: LockstepConfig;
  chains: readonly DrillChain[];
  /** Where cached states live. Default `<repo>/.lockstep/drill-cache`. */
  cacheDir?: string;
  /** Skip the cache (forks always skip it: their state is the fork's). */
  noCache?: boolean;
  /** Satellites deployed (or loaded) at once. Default 2 deploys; loads run 8 at a time. */
  concurrency?: number;
  /** What the example vault starts on (the scenario's baseline). Default: the deploy script's, VaultV1. */
  exampleVaultImplementation?: ExampleVaultImplementation;
  /**
   * Gives a chain's actors their balances, right after its deploy and before its state is cached:
   * a chain loaded or copied from that state has them too, with no call of its own.
   */
  fund?: (chain: DrillChain) => Promise<void>;
  /** Chains whose receiver keeps its bootstrap open (the drill registers a forked proxy, then locks it). */
  openBootstrap?: readonly string[];
  onProgress?: (progress: ProvisionProgress) => void;
};

export type ProvisionChainsReturnType = {
  addresses: DeploymentAddresses;
  sources: Record<string, ProvisionSource>;
};

type CacheEntry = { addresses: DeploymentAddresses; state: Hex };

/**
 * Bumped when what a cached entry must contain changes (v2: blocks stamped from the fixed drill
 * genesis; v3: the deployment's adapters recorded by kind, `addresses.adapters`; v4: the actors'
 * balances, `fund`, in the state).
 */
const CACHE_FORMAT = 'v4';
const CONTRACTS_FINGERPRINT = createHash('sha256')
  .update(CACHE_FORMAT)
  .update(JSON.stringify(Object.entries(lockstepContracts).map(([name, c]) => [name, c.bytecode])))
  .digest('hex');

/** Copies of the shared satellite state loaded at once. */
const LOAD_CONCURRENCY = 8;

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
  const sources: Record<string, ProvisionSource> = {};
  const cacheable = (chain: DrillChain) => !parameters.noCache && !chain.fork;
  const entryFile = (key: string) =>
    join(
      cacheDir,
      `${createHash('sha256')
        .update(`${CONTRACTS_FINGERPRINT}\n${key}\n${account.address}\n${scriptConfig}`)
        .digest('hex')
        .slice(0, 32)}.json`,
    );
  const done = (chain: DrillChain, source: ProvisionSource, started: number) => {
    sources[chain.name] = source;
    onProgress?.({ chain: chain.name, source, durationMs: performance.now() - started });
  };

  /** Loads the cached state under `key`, or deploys with the script (and caches the state when it may). */
  const provisionOne = async (
    chain: DrillChain,
    key: string,
  ): Promise<CacheEntry | { addresses: DeploymentAddresses }> => {
    const started = performance.now();
    const open = parameters.openBootstrap?.includes(chain.name) === true;
    // A receiver left open (forked or own-system proxies register later) is another state than a locked one.
    const file = entryFile(open ? `${key}\nopen-bootstrap` : key);
    const cached = cacheable(chain) ? await readEntry(file) : undefined;
    if (cached) {
      await loadState(chain, cached.state);
      done(chain, 'cache', started);
      return cached;
    }
    const deploy = {
      config,
      network: chain.name,
      account,
      rpcUrl: chain.rpcUrl,
      ...vault,
      ...(open ? { lockBootstrap: false } : {}),
    };
    const result = chain.fork
      ? await deployLockstep(deploy)
      : await deployLockstepDirect({ ...deploy, exampleVault: isLocalConfig(config) });
    await parameters.fund?.(chain);
    let entry: CacheEntry | { addresses: DeploymentAddresses } = { addresses: result.addresses };
    if (cacheable(chain)) {
      entry = { addresses: result.addresses, state: await dumpState(chain) };
      await writeEntry(file, entry);
    }
    done(chain, 'deployed', started);
    return entry;
  };

  const hub = chains.find((chain) => chain.role === 'hub');
  if (!hub) throw new Error('a drill needs a hub chain');
  const satellites = chains.filter((chain) => chain !== hub);
  // The satellite stack is the same on every chain (same config, same CREATE2 addresses; the
  // contracts read block.chainid when they run, never store it): one satellite is deployed (or
  // loaded from the cache) and its state is copied into the others. Forks keep their own state.
  const shared = satellites.filter((chain) => cacheable(chain) && !parameters.openBootstrap?.includes(chain.name));
  const own = satellites.filter((chain) => !shared.includes(chain));
  const [template, ...copies] = shared;
  // The hub's stack and the one satellite's are independent chains: both at once.
  const [hubEntry, templateEntry] = await Promise.all([
    provisionOne(hub, String(hub.chainId)),
    template ? provisionOne(template, 'satellite') : undefined,
  ]);
  const templateState = templateEntry && 'state' in templateEntry ? templateEntry.state : undefined;
  await Promise.all([
    forEachLimit(copies, LOAD_CONCURRENCY, async (chain) => {
      const started = performance.now();
      if (templateState === undefined) throw new Error(`no satellite state to copy into ${chain.name}`);
      await loadState(chain, templateState);
      done(chain, 'copied', started);
    }),
    forEachLimit(own, Math.max(1, parameters.concurrency ?? 2), async (chain) => {
      await provisionOne(chain, String(chain.chainId));
    }),
  ]);
  // The hub's deployment is the one that lists the hub stack's addresses too.
  return { addresses: hubEntry.addresses, sources };
}

/** Runs `job` on every item, at most `limit` at a time. */
async function forEachLimit<T>(items: readonly T[], limit: number, job: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await job(item);
  });
  await Promise.all(workers);
}

async function loadState(chain: DrillChain, state: Hex): Promise<void> {
  await chain.client.request({ method: 'anvil_loadState', params: [state] } as never);
}

async function dumpState(chain: DrillChain): Promise<Hex> {
  return (await chain.client.request({ method: 'anvil_dumpState', params: [] } as never)) as Hex;
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
