/**
 * Each chain's starting point after the deploy: forked chains hand their own proxy to the drill's
 * receiver, every other chain's example vault gets the depositor's funds, and every chain's state
 * records the proxy it upgrades and the implementation (and codehash) it runs before.
 */
import { type Address, getAddress } from 'viem';
import type { DrillChain } from '../chains/start-chains.js';
import type { Scenario } from '../types.js';
import { adoptForkedProxy } from './adopt-proxy.js';
import { type ChainState, codehashOf, type DrillAddresses } from './drill-context.js';
import type { Recorder } from './recorder.js';
import { deposit, implementationOf } from './vault.js';

export type PrepareChainsParameters = {
  scenario: Scenario;
  chains: readonly DrillChain[];
  addresses: DrillAddresses;
  recorder: Recorder;
  /** Local chains running the scenario's own system, already handed to their receiver: chain name → proxy. */
  own?: ReadonlyMap<string, Address>;
};

export type PrepareChainsReturnType = {
  /** Forked chains whose own proxy the drill adopted: chain name → proxy. */
  adopted: Map<string, Address>;
  states: Map<string, ChainState>;
};

export async function prepareChains(parameters: PrepareChainsParameters): Promise<PrepareChainsReturnType> {
  const { scenario, chains, addresses: a, recorder } = parameters;
  // Forked chains with the team's own proxy: it is handed to the drill's receiver (impersonating its owner).
  const adopted = new Map<string, Address>(parameters.own);
  for (const chain of chains) {
    const proxy = chain.fork?.proxy;
    if (!proxy) continue;
    const adoption = await adoptForkedProxy({ chain, receiver: a.receiver, proxy });
    adopted.set(chain.name, getAddress(proxy.address));
    recorder.note(
      `${chain.name}: ${proxy.address} (${proxy.kind}) adopted — ${adoption.previousOwner} impersonated, upgrade right handed to the receiver`,
    );
  }
  /** The proxy a chain's upgrade targets: its own (forked) proxy, or the example vault. */
  const proxyOf = (chain: DrillChain): Address => adopted.get(chain.name) ?? a.vault;

  // Read in parallel, kept in the scenario's chain order (the report's order: never whichever RPC answered first).
  const prepared = await Promise.all(
    chains.map(async (chain): Promise<ChainState> => {
      const proxy = proxyOf(chain);
      const implementationBefore = await implementationOf(chain, proxy);
      if (!adopted.has(chain.name)) await deposit(chain, a.vault, BigInt(scenario.attacker.depositWei));
      return {
        chain,
        proxy,
        vault: !adopted.has(chain.name),
        implementationBefore,
        codehashBefore: await codehashOf(chain, implementationBefore),
        failures: 0,
        cancelled: false,
        done: false,
      };
    }),
  );
  const states = new Map(prepared.map((state) => [state.chain.name, state]));
  return { adopted, states };
}
