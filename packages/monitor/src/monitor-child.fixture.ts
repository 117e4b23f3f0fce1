/**
 * Test scaffolding (not exported): a monitor in its own process, so a test can kill it with SIGKILL.
 * Argument: JSON { dataDir, chains: [{ name, chainId, role, contracts, rpcUrl }] }. Polls every 100 ms
 * and prints `polled <events>` after each round, until killed.
 */
import { createPublicClient, http } from 'viem';
import { Monitor } from './monitor.js';
import { openStore } from './store/index.js';
import type { WatchedChain } from './watch/watched-chain.js';

type Arguments = { dataDir: string; chains: (WatchedChain & { rpcUrl: string })[] };

const { dataDir, chains } = JSON.parse(process.argv[2] ?? '{}') as Arguments;
const store = await openStore({ dataDir });
const monitor = new Monitor({
  store,
  pollIntervalMs: 100,
  chains: chains.map(({ rpcUrl, ...chain }) => ({ ...chain, client: createPublicClient({ transport: http(rpcUrl) }) })),
  onError: (error) => process.stderr.write(`${String(error)}\n`),
});
monitor.subscribe((event) => {
  if (event.type === 'snapshot') process.stdout.write(`polled ${event.snapshot.proposals.length}\n`);
});
monitor.start();
