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
 *
 * A warm drill does not load states over RPC at all: `cachedStartStates`, asked before the chains
 * start, names each chain's cached state file, and its anvil starts from it (`--load-state`: no
 * 0.2-1.5 MB request per chain for the drill to send and anvil to parse; 128 chains start and deploy
 * ~0.5 s sooner, docs/bench.md).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
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
import type { ScenarioChain } from '../types.js';
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
  /** Chains whose anvil started from their cached state (`cachedStartStates`): nothing to load. */
  preloaded?: ReadonlyMap<string, CachedStartState>;
  onProgress?: (progress: ProvisionProgress) => void;
};

export type ProvisionChainsReturnType = {
  addresses: DeploymentAddresses;
  sources: Record<string, ProvisionSource>;
};

type CacheEntry = { addresses: DeploymentAddresses; state: Hex };

/** A chain's cached state as its anvil can start from it: the state file (plain JSON) and its deployment. */
export type CachedStartState = { stateFile: string; addresses: DeploymentAddresses };

/**
 * Bumped when what a cached entry must contain changes (v2: blocks stamped from the fixed drill
 * genesis; v3: the deployment's adapters recorded by kind, `addresses.adapters`; v4: the actors'
 * balances, `fund`, in the state; v5: each entry's state also as a file anvil starts from).
 */
const CACHE_FORMAT = 'v5';
const CONTRACTS_FINGERPRINT = createHash('sha256')
  .update(CACHE_FORMAT)
  .update(JSON.stringify(Object.entries(lockstepContracts).map(([name, c]) => [name, c.bytecode])))
  .digest('hex');

/** Copies of the shared satellite state loaded at once. */
const LOAD_CONCURRENCY = 8;

/** What the cache key of a chain's state depends on (`ProvisionChainsParameters`, minus the chains). */
type LayoutParameters = Pick<
  ProvisionChainsParameters,
  'config' | 'cacheDir' | 'noCache' | 'exampleVaultImplementation' | 'openBootstrap'
>;

/** Where each chain's state is cached, and which satellite stands for the others (see the module doc). */
async function cacheLayout(parameters: LayoutParameters) {
  const { config } = parameters;
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
  const open = (chain: ScenarioChain) => parameters.openBootstrap?.includes(chain.name) === true;
  const cacheable = (chain: ScenarioChain) => !parameters.noCache && !chain.fork;
  /** The hub's state is keyed by its chain id; every locked satellite shares one; the others are their own. */
  const keyOf = (chain: ScenarioChain) => {
    const key = chain.role === 'hub' || !cacheable(chain) || open(chain) ? String(chain.chainId) : 'satellite';
    // A receiver left open (forked or own-system proxies register later) is another state than a locked one.
    return open(chain) ? `${key}\nopen-bootstrap` : key;
  };
  const entryFile = (chain: ScenarioChain) =>
    join(
      cacheDir,
      `${createHash('sha256')
        .update(`${CONTRACTS_FINGERPRINT}\n${keyOf(chain)}\n${account.address}\n${scriptConfig}`)
        .digest('hex')
        .slice(0, 32)}.json`,
    );
  return { account, vault, open, cacheable, entryFile };
}

/** The file anvil starts from for the entry `file`: its state as plain JSON (what `--load-state` reads). */
function startStateFile(entryFile: string): string {
  return entryFile.replace(/\.json$/, '.anvil-state.json');
}

/**
 * The cached state each chain can start from (by chain name), read before any chain starts: every
 * chain whose entry is in the cache with its state file. A missing or unreadable file is left out
 * (that chain is provisioned as in a cold drill).
 */
export async function cachedStartStates(
  parameters: LayoutParameters & { chains: readonly ScenarioChain[] },
): Promise<Map<string, CachedStartState>> {
  const layout = await cacheLayout(parameters);
  const files = new Map<string, Promise<CachedStartState | undefined>>();
  const startState = (file: string) => {
    let known = files.get(file);
    if (!known) {
      known = (async () => {
        const entry = await readEntry(file);
        const stateFile = startStateFile(file);
        // Parsed once here: a torn file must not stop every chain's anvil from starting.
        const state: unknown = await readFile(stateFile, 'utf8')
          .then((text) => JSON.parse(text) as unknown)
          .catch(() => undefined);
        return entry && state && typeof state === 'object' ? { stateFile, addresses: entry.addresses } : undefined;
      })();
      files.set(file, known);
    }
    return known;
  };
  const found = await Promise.all(
    parameters.chains.map(async (chain) =>
      layout.cacheable(chain) ? ([chain.name, await startState(layout.entryFile(chain))] as const) : undefined,
    ),
  );
  return new Map(found.flatMap((pair) => (pair?.[1] ? [[pair[0], pair[1]]] : [])));
}

export async function provisionChains(parameters: ProvisionChainsParameters): Promise<ProvisionChainsReturnType> {
  const { config, chains, onProgress } = parameters;
  const { account, vault, open: isOpen, cacheable, entryFile } = await cacheLayout(parameters);
  const sources: Record<string, ProvisionSource> = {};
  const done = (chain: DrillChain, source: ProvisionSource, started: number) => {
    sources[chain.name] = source;
    onProgress?.({ chain: chain.name, source, durationMs: performance.now() - started });
  };

  /** Loads the cached state under `key`, or deploys with the script (and caches the state when it may). */
  const provisionOne = async (chain: DrillChain): Promise<CacheEntry | { addresses: DeploymentAddresses }> => {
    const started = performance.now();
    const preloaded = parameters.preloaded?.get(chain.name);
    if (preloaded) {
      done(chain, 'cache', started);
      return { addresses: preloaded.addresses };
    }
    const open = isOpen(chain);
    const file = entryFile(chain);
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
  const shared = satellites.filter((chain) => cacheable(chain) && !isOpen(chain));
  const own = satellites.filter((chain) => !shared.includes(chain));
  const [template, ...copies] = shared;
  // The hub's stack and the one satellite's are independent chains: both at once.
  const [hubEntry, templateEntry] = await Promise.all([
    provisionOne(hub),
    template ? provisionOne(template) : undefined,
  ]);
  const templateState = templateEntry && 'state' in templateEntry ? templateEntry.state : undefined;
  await Promise.all([
    forEachLimit(copies, LOAD_CONCURRENCY, async (chain) => {
      const started = performance.now();
      if (parameters.preloaded?.has(chain.name)) return done(chain, 'cache', started);
      if (templateState === undefined) throw new Error(`no satellite state to copy into ${chain.name}`);
      await loadState(chain, templateState);
      done(chain, 'copied', started);
    }),
    forEachLimit(own, Math.max(1, parameters.concurrency ?? 2), async (chain) => {
      await provisionOne(chain);
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

/**
 * Writes the entry and, first, its state as the plain JSON anvil starts from (`anvil_dumpState` is
 * that JSON gzipped, in hex): an entry on disk always has its state file. Each file is written whole
 * and renamed into place, so a reader never sees half of one.
 */
async function writeEntry(file: string, entry: CacheEntry): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const write = async (target: string, data: string | Buffer) => {
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, data);
    await rename(temp, target);
  };
  await write(startStateFile(file), gunzipSync(Buffer.from(entry.state.slice(2), 'hex')));
  await write(file, JSON.stringify(entry));
}
