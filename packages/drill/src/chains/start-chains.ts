import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { createTestClient, http, parseEther, publicActions } from 'viem';
import { KEY_INDEX, testAccount } from '../setup/keys.js';
import type { ScenarioChain } from '../types.js';
import { trackChild, untrackChild } from './child-registry.js';
import { DRILL_GENESIS_TIMESTAMP } from './virtual-clock.js';

/** An anvil the drill runs, with a test client (anvil methods + reads) on it. */
export type DrillChain = ScenarioChain & {
  rpcUrl: string;
  pid: number;
  client: ReturnType<typeof drillClient>;
};

export function drillClient(rpcUrl: string) {
  return createTestClient({ mode: 'anvil', transport: http(rpcUrl, { retryCount: 0, timeout: 30_000 }) }).extend(
    publicActions,
  );
}

export type StartChainsReturnType = { chains: DrillChain[]; stop(): Promise<void> };

/** Accounts the drill's actors send from; anvil funds only indices 0-9 itself. */
const FUNDED = [
  KEY_INDEX.chainGuardian,
  KEY_INDEX.reporter,
  KEY_INDEX.relayer,
  KEY_INDEX.attacker,
  KEY_INDEX.depositor,
];

/**
 * Starts one anvil per chain (forked from `fork.url` when given, else from the drill's fixed genesis
 * time), mining on every transaction and ordering a block's transactions by arrival: the drill's
 * virtual clock decides when blocks happen. Funds the drill's actors.
 */
export async function startChains(chains: readonly ScenarioChain[]): Promise<StartChainsReturnType> {
  const anvils = await startAnvils(
    chains.map((chain) => ({
      name: chain.name,
      chainId: chain.chainId,
      extraArgs: [
        // Transactions enter a block in arrival order: the drill states who is first in a block by when it submits.
        '--order',
        'fifo',
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
    })),
  );
  const running = chains.map((chain, i) => {
    const anvil = anvils[i];
    if (!anvil) throw new Error(`anvil for ${chain.name} did not start`);
    return { ...chain, rpcUrl: anvil.rpcUrl, pid: anvil.pid, client: drillClient(anvil.rpcUrl) };
  });
  for (const anvil of anvils) trackChild(anvil.pid);
  return {
    chains: running,
    stop: async () => {
      await stopAnvils(anvils);
      for (const anvil of anvils) untrackChild(anvil.pid);
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

/** Gives the drill's actors gas money on every chain (after any state load, which replaces balances). */
export async function fundActors(chains: readonly DrillChain[]): Promise<void> {
  await Promise.all(
    chains.flatMap((chain) =>
      FUNDED.map((index) =>
        chain.client.setBalance({ address: testAccount(index).address, value: parseEther('1000') }),
      ),
    ),
  );
}
