/**
 * Which RPC URL each actor of a drill uses for a chain: the chain's own anvil unless an `rpc-fault`
 * put a fault proxy (`chains/rpc-proxy.ts`) in front of it for that actor. One proxy per chain and
 * actor, each drawing its faults from its own seeded stream, so the keeper's polling never shifts
 * which of the relayer's requests fail. The relayer and the keeper pick their URL at every pass;
 * the guardians keep the URL they started with, so their proxy is put in place before they start
 * (`guardianHubUrl`) and passes everything until the fault.
 */

import { type RpcProxy, startRpcProxy } from '../../../chains/rpc-proxy.js';
import type { DrillChain } from '../../../chains/start-chains.js';
import type { Scenario } from '../../../types.js';
import type { RPC_ACTORS } from './spec.js';

export type RpcActor = (typeof RPC_ACTORS)[number];

const proxies = new WeakMap<DrillChain, Map<RpcActor, RpcProxy>>();

/** The URL `actor` reaches `chain` at: its fault proxy's, else the chain's own. */
export function rpcUrlFor(chain: DrillChain, actor: RpcActor): string {
  return proxies.get(chain)?.get(actor)?.url ?? chain.rpcUrl;
}

/** The proxy in front of `chain` for `actor`, started (passing everything) on first use. */
export async function proxyFor(chain: DrillChain, actor: RpcActor, seed: number): Promise<RpcProxy> {
  const routes = proxies.get(chain) ?? new Map<RpcActor, RpcProxy>();
  proxies.set(chain, routes);
  const existing = routes.get(actor);
  if (existing) return existing;
  const proxy = await startRpcProxy({ upstream: chain.rpcUrl, seed, label: `${chain.name}:${actor}` });
  routes.set(actor, proxy);
  return proxy;
}

/** Whether `actor` already reaches `chain` through a proxy (the guardians' must exist before they start). */
export function hasProxy(chain: DrillChain, actor: RpcActor): boolean {
  return proxies.get(chain)?.has(actor) === true;
}

/**
 * The hub URL the guardians start with: a proxy's when the scenario has an `rpc-fault` on the hub
 * for the guardians (so the fault can reach them later), else the hub's own.
 */
export async function guardianHubUrl(scenario: Scenario, seed: number, hub: DrillChain): Promise<string> {
  const faulted = scenario.faults.some(
    (fault) => fault.kind === 'rpc-fault' && fault.target === hub.name && fault.actors.includes('guardians'),
  );
  return faulted ? (await proxyFor(hub, 'guardians', seed)).url : hub.rpcUrl;
}

/** Stops every proxy in front of these chains (the drill's cleanup). */
export async function closeRpcProxies(chains: readonly DrillChain[]): Promise<void> {
  for (const chain of chains) {
    const routes = proxies.get(chain);
    proxies.delete(chain);
    await Promise.all([...(routes?.values() ?? [])].map((proxy) => proxy.close()));
  }
}
