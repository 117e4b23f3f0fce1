import { join } from 'node:path';
import { redactUrl } from '@lockstep/core/config';
import { startAnvil, stopAnvils } from '@lockstep/toolchain';
import pLimit from 'p-limit';
import { createTestClient, http, parseEther, publicActions, type Transport } from 'viem';
import { councilIndex, KEY_INDEX, testAccount } from '../setup/keys.js';
import type { ScenarioChain } from '../types.js';
import { trackChild, untrackChild } from './child-registry.js';
import { closeDrillTransport, drillTransport } from './drill-transport.js';
import { DRILL_GENESIS_TIMESTAMP } from './genesis.js';
import { DrillSetupError } from './setup-error.js';

/**
 * An anvil the drill runs, with a test client (anvil methods + reads) on it: over one WebSocket
 * (`drill-transport.ts`), which the drill's clock and monitor use thousands of times per chain.
 */
export type DrillChain = ScenarioChain & {
  rpcUrl: string;
  pid: number;
  client: ReturnType<typeof drillClient>;
};

/** A test client (anvil methods + reads) on `rpcUrl`: plain HTTP unless another transport is given. */
export function drillClient(rpcUrl: string, transport: Transport = http(rpcUrl, { retryCount: 0, timeout: 30_000 })) {
  return createTestClient({ mode: 'anvil', transport }).extend(publicActions);
}

export type StartChainsReturnType = {
  chains: DrillChain[];
  stop(): Promise<void>;
  /**
   * Leaves the anvils running after this process exits (with `logDir` only): they are no longer
   * killed at exit nor tie this process. Returns each chain's anvil.
   */
  release(): KeptChain[];
};

/** A chain left running after the drill (`--keep`). */
export type KeptChain = { name: string; chainId: number; pid: number; rpcUrl: string; logFile: string };

export type StartChainsOptions = {
  /**
   * Keep-able chains: each anvil writes its output to `<logDir>/<chain>.log` and runs in its own
   * process group, so `release()` can leave it running (`--keep`).
   */
  logDir?: string;
  /**
   * A state file (plain JSON, `anvil --load-state`) per chain name: that chain's anvil starts with
   * it (a cached deployment, `cachedStartStates`) instead of loading it over RPC later.
   */
  stateFiles?: ReadonlyMap<string, string>;
};

/**
 * Accounts anvil funds itself: the deployer (index 0) only. Deriving anvil's usual ten dev accounts
 * is a quarter of its start-up CPU (~12 ms of ~45 ms), 1.5 s of CPU at 128 chains.
 */
const ANVIL_ACCOUNTS = 1;

/** Accounts the drill's actors send from, funded by the drill: the council members and everyone past index 0. */
const FUNDED = [
  ...Array.from({ length: 9 }, (_, i) => councilIndex(i)),
  KEY_INDEX.chainGuardian,
  KEY_INDEX.reporter,
  KEY_INDEX.relayer,
  KEY_INDEX.attacker,
  KEY_INDEX.depositor,
];

/** How long a fork URL has to answer `eth_chainId` before the drill gives up on it. */
export const FORK_PROBE_TIMEOUT_MS = 10_000;

/**
 * Starts one anvil per chain (forked from `fork.url` when given, else from the drill's fixed genesis
 * time), mining on every transaction and ordering a block's transactions by arrival: the drill's
 * virtual clock decides when blocks happen. Funds the drill's actors.
 *
 * Throws `DrillSetupError` naming `chains[i].fork.url` when a fork URL does not answer (checked
 * before any anvil starts), or the chain when its anvil does not start.
 */
export async function startChains(
  chains: readonly ScenarioChain[],
  options: StartChainsOptions = {},
): Promise<StartChainsReturnType> {
  await Promise.all(chains.map((chain, i) => (chain.fork ? probeForkUrl(chain.fork.url, i) : undefined)));
  const { logDir } = options;
  const logFileOf = (chain: ScenarioChain) => (logDir === undefined ? undefined : join(logDir, `${chain.name}.log`));
  const stateFileOf = (chain: ScenarioChain) => options.stateFiles?.get(chain.name);
  const anvils = await startAnvilsOf(chains, logFileOf, stateFileOf);
  const running = chains.map((chain, i) => {
    const anvil = anvils[i];
    if (!anvil) throw new Error(`anvil for ${chain.name} did not start`);
    return {
      ...chain,
      rpcUrl: anvil.rpcUrl,
      pid: anvil.pid,
      client: drillClient(anvil.rpcUrl, drillTransport(anvil.rpcUrl)),
    };
  });
  return {
    chains: running,
    stop: async () => {
      await Promise.all(anvils.map((anvil) => closeDrillTransport(anvil.rpcUrl)));
      await stopAnvils(anvils);
      for (const anvil of anvils) untrackChild(anvil.pid);
    },
    release: () => {
      // The drill's sockets to the chains must not keep this process alive.
      for (const anvil of anvils) void closeDrillTransport(anvil.rpcUrl);
      return chains.flatMap((chain, i) => {
        const anvil = anvils[i];
        const logFile = logFileOf(chain);
        if (!anvil || logFile === undefined) return [];
        untrackChild(anvil.pid);
        anvil.release();
        return [{ name: chain.name, chainId: chain.chainId, pid: anvil.pid, rpcUrl: anvil.rpcUrl, logFile }];
      });
    },
  };
}

/**
 * Fresh chains start at the drill's fixed genesis (reproducible timestamps and message ids) unless
 * a chain forks a real one: then every chain runs at the fork's time, which is the wall clock's.
 */
export function fixedGenesis(chains: readonly ScenarioChain[]): boolean {
  return !chains.some((chain) => chain.fork);
}

/**
 * Anvils starting at once: each needs a moment of CPU to come up, and a hundred starting together
 * on two busy cores miss the toolchain's start timeout. A pool keeps this many starting: the next
 * one starts as soon as one listens (no batch waits for its slowest member).
 */
const ANVIL_STARTS_AT_ONCE = 16;

async function startAnvilsOf(
  chains: readonly ScenarioChain[],
  logFileOf: (chain: ScenarioChain) => string | undefined,
  stateFileOf: (chain: ScenarioChain) => string | undefined,
) {
  const limit = pLimit(ANVIL_STARTS_AT_ONCE);
  let failed = false;
  const settled = await Promise.allSettled(
    anvilOptions(chains, chains, logFileOf, stateFileOf).map((options) =>
      limit(async () => {
        if (failed) return undefined; // one failed: start no more
        try {
          return await startAnvil(options);
        } catch (cause) {
          failed = true;
          throw cause;
        }
      }),
    ),
  );
  const started = settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await stopAnvils(started); // those already up: a failed start leaves nothing running
    throw startError(chains, failure.reason, stateFileOf);
  }
  return started;
}

function anvilOptions(
  starting: readonly ScenarioChain[],
  chains: readonly ScenarioChain[],
  logFileOf: (chain: ScenarioChain) => string | undefined,
  stateFileOf: (chain: ScenarioChain) => string | undefined,
) {
  return starting.map((chain) => ({
    name: chain.name,
    chainId: chain.chainId,
    // Tracked from its spawn, not once it listens: a drill interrupted while its chains start stops them too.
    onSpawn: trackChild,
    ...(logFileOf(chain) === undefined ? {} : { logFile: logFileOf(chain) }),
    extraArgs: [
      // Transactions enter a block in arrival order: the drill states who is first in a block by when it submits.
      '--order',
      'fifo',
      '--accounts',
      String(ANVIL_ACCOUNTS),
      ...(stateFileOf(chain) === undefined ? [] : ['--load-state', String(stateFileOf(chain))]),
      ...(chain.fork
        ? [
            '--fork-url',
            chain.fork.url,
            ...(chain.fork.blockNumber === undefined ? [] : ['--fork-block-number', String(chain.fork.blockNumber)]),
          ]
        : fixedGenesis(chains)
          ? ['--timestamp', String(DRILL_GENESIS_TIMESTAMP)]
          : []),
    ],
  }));
}

/** The failed start as a `DrillSetupError` naming the chain (and its fork URL, when it forks). */
function startError(
  chains: readonly ScenarioChain[],
  cause: unknown,
  stateFileOf: (chain: ScenarioChain) => string | undefined,
): DrillSetupError {
  // The toolchain names the anvil (`anvil "<name>" (chain <id>) did not start: ...`).
  const message = cause instanceof Error ? cause.message : String(cause);
  const i = chains.findIndex((chain) => message.includes(`anvil "${chain.name}"`));
  const chain = chains[i];
  const forked = chain?.fork !== undefined;
  const stateFile = chain ? stateFileOf(chain) : undefined;
  return new DrillSetupError({
    path: i < 0 ? 'chains' : forked ? `chains[${i}].fork` : `chains[${i}]`,
    problem: `${chain ? `the anvil for ${chain.name}` : 'an anvil'} did not start (${message.split('\n')[0]})`,
    fix: forked
      ? `check chains[${i}].fork.url and fork.blockNumber (the block must exist on that chain, and the node must serve its state)`
      : stateFile !== undefined
        ? `it started from the drill cache's state ${stateFile}: delete that file (the next drill deploys afresh) or run with --no-cache; else check that anvil runs (\`pnpm anvil --version\`)`
        : 'check that anvil runs (`pnpm anvil --version`) and that loopback ports are free',
    cause,
  });
}

/** A fork URL must answer `eth_chainId` (JSON-RPC) before an anvil forks it. */
async function probeForkUrl(url: string, index: number): Promise<void> {
  const path = `chains[${index}].fork.url`;
  const fix = `make ${path} the http(s) RPC URL of a node that is up (check the host, port and API key), or remove fork to run a fresh chain`;
  let problem: string | undefined;
  let cause: unknown;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(FORK_PROBE_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => undefined)) as { result?: unknown } | undefined;
    if (!response.ok) problem = `answered HTTP ${response.status} to eth_chainId`;
    else if (typeof body?.result !== 'string') problem = 'answered eth_chainId with no chain id (not a JSON-RPC node?)';
  } catch (error) {
    cause = error;
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${FORK_PROBE_TIMEOUT_MS / 1000} s`
        : errorReason(error);
    problem = `did not answer eth_chainId (${reason})`;
  }
  if (problem) throw new DrillSetupError({ path, problem: `${redactUrl(url)} ${problem}`, fix, cause });
}

/** The innermost reason of a failed fetch (`ECONNREFUSED`, `ENOTFOUND`, ...). */
function errorReason(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  const code = (current as { code?: unknown } | undefined)?.code;
  const message = current instanceof Error ? current.message : String(current);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Gives the drill's actors gas money on `chain`. Provisioning does it after a deploy, before the state
 * is cached (a state load replaces balances): a chain loaded from that state has the balances already.
 */
export async function fundActors(chain: DrillChain): Promise<void> {
  await Promise.all(
    FUNDED.map((index) => chain.client.setBalance({ address: testAccount(index).address, value: parseEther('1000') })),
  );
}
