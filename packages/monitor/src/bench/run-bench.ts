/**
 * The monitor benchmark: what watching N chains costs. N anvils producing a block a second, Lockstep
 * deployed on each (the real Foundry deploy), one monitor polling every chain at the CLI's default
 * interval into an embedded store; after a first catch-up round, a measured window gives the RPC calls
 * per minute per chain (every HTTP request counted at the transport) and the monitor process's CPU.
 * Numbers, not assertions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type NetworkConfig } from '@lockstep/core/config';
import { deployAll, resolveDeployerKey } from '@lockstep/core/deploy';
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { createPublicClient, http } from 'viem';
import { DEFAULT_POLL_INTERVAL_MS, Monitor } from '../monitor.js';
import { openStore } from '../store/index.js';
import { watchedContracts } from '../watch/watched-chain.js';

export type MonitorBenchRun = {
  chains: number;
  pollIntervalMs: number;
  windowMs: number;
  rounds: number;
  /** HTTP requests per minute, per chain (mean over chains). */
  rpcPerMinutePerChain: number;
  /** The monitor process's CPU (user + system) as a share of one core, over the window. */
  cpuPercent: number;
  /** Mean wall time of one round over all chains. */
  roundMs: number;
};

export type RunMonitorBenchParameters = {
  /** Chain counts. Default [4, 32]. */
  counts?: readonly number[];
  /** Measured window per count. Default 60 s. */
  windowMs?: number;
  pollIntervalMs?: number;
  onRun?: (run: MonitorBenchRun) => void;
  onProgress?: (message: string) => void;
};

export async function runMonitorBench(parameters: RunMonitorBenchParameters = {}): Promise<MonitorBenchRun[]> {
  const runs: MonitorBenchRun[] = [];
  for (const count of parameters.counts ?? [4, 32]) {
    const run = await benchChains(count, parameters);
    runs.push(run);
    parameters.onRun?.(run);
  }
  return runs;
}

/** `count` networks: the default hub, then satellites shaped like the default's first one. */
function networksOf(count: number): NetworkConfig[] {
  const [hub, satellite] = defaultConfig().networks;
  if (!hub || !satellite) throw new Error('the default config has a hub and a satellite');
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? hub : { ...satellite, name: `chain_${i}`, chainId: 100_000 + i },
  );
}

async function benchChains(count: number, parameters: RunMonitorBenchParameters): Promise<MonitorBenchRun> {
  const pollIntervalMs = parameters.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const windowMs = parameters.windowMs ?? 60_000;
  const config = defaultConfig();
  config.networks = networksOf(count);
  const anvils = await startAnvils(config.networks.map((n) => ({ name: n.name, chainId: n.chainId, blockTime: 1 })));
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-monitor-bench-'));
  try {
    const rpcUrls = Object.fromEntries(anvils.map((a) => [a.name, a.rpcUrl]));
    if (!config.keys.deployer) throw new Error('the default config has a deployer key');
    const account = await resolveDeployerKey(config.keys.deployer, {}, { allowTestMnemonic: true });
    parameters.onProgress?.(`${count} chains: deploying Lockstep on each`);
    const deployments = await deployAll({ config, account, rpcUrls });
    const requests = new Map<string, number>();
    const store = await openStore({ dataDir: join(dir, 'store') });
    const monitor = new Monitor({
      store,
      pollIntervalMs,
      chains: config.networks.map((network, i) => ({
        name: network.name,
        chainId: network.chainId,
        role: network.role,
        finalityDepth: network.finalityDepth,
        contracts: watchedContracts(deployments[i]?.addresses ?? deployments[0]?.addresses ?? never()),
        client: createPublicClient({
          transport: http(rpcUrls[network.name], {
            retryCount: 0,
            onFetchRequest: () => {
              requests.set(network.name, (requests.get(network.name) ?? 0) + 1);
            },
          }),
        }),
      })),
    });
    try {
      parameters.onProgress?.(`${count} chains: catching up, then measuring ${windowMs / 1000} s`);
      await monitor.pollOnce();
      requests.clear();
      let rounds = 0;
      let roundMs = 0;
      let roundStarted = performance.now();
      monitor.subscribe((event) => {
        if (event.type !== 'snapshot') return;
        rounds += 1;
        roundMs += performance.now() - roundStarted;
      });
      const cpu = process.cpuUsage();
      const started = performance.now();
      const timer = setInterval(() => {
        roundStarted = performance.now();
      }, pollIntervalMs);
      monitor.start();
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      await monitor.stop();
      clearInterval(timer);
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const total = [...requests.values()].reduce((a, b) => a + b, 0);
      return {
        chains: count,
        pollIntervalMs,
        windowMs: Math.round(wallMs),
        rounds,
        rpcPerMinutePerChain: Math.round((total / count / (wallMs / 60_000)) * 10) / 10,
        cpuPercent: Math.round(((used.user + used.system) / 1000 / wallMs) * 1000) / 10,
        roundMs: rounds > 0 ? Math.round(roundMs / rounds) : 0,
      };
    } finally {
      await store.close();
    }
  } finally {
    await stopAnvils(anvils);
    await rm(dir, { recursive: true, force: true });
  }
}

function never(): never {
  throw new Error('deployAll returned no deployment');
}

/** The benchmark as a Markdown page (docs/monitor-bench.md). */
export function renderMonitorBench(runs: readonly MonitorBenchRun[], machine: string): string {
  return [
    '# Monitor benchmark',
    '',
    `Generated by \`pnpm bench\` (\`lockstep-monitor bench\`) on ${machine}. N anvil chains, each producing a`,
    'block a second with Lockstep deployed; one `lockstep monitor` engine polls every chain at the',
    'default interval into an embedded PGlite store. After a first catch-up round, a measured window',
    'counts every HTTP request per chain and the process’s CPU time (user + system, one core = 100 %).',
    '',
    '| chains | poll interval | window | rounds | RPC calls / min / chain | CPU (one core) | round wall time |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (r) =>
        `| ${r.chains} | ${r.pollIntervalMs / 1000} s | ${(r.windowMs / 1000).toFixed(0)} s | ${r.rounds} | **${r.rpcPerMinutePerChain}** | ${r.cpuPercent} % | ${r.roundMs} ms |`,
    ),
    '',
    'Per chain and poll: two `eth_getBlockByNumber` (the head, and the checkpoint’s block to see a reorg),',
    'one `eth_getLogs` over the new blocks for all of the chain’s Lockstep contracts, and per registered',
    'proxy its ERC-1967 slot, its code and `paused()`. The CPU figure is the monitor process’s own time',
    '(the anvils are other processes); the machine was shared with other jobs, so round wall times are high.',
    '',
  ].join('\n');
}
