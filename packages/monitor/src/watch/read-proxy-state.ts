/**
 * What each registered proxy runs right now: its implementation (ERC-1967 slot) and that code's hash,
 * through core's `readImplementation`, and its pause state through core's `getPausedStates` (a proxy
 * without `paused()` shows `undefined`).
 */

import type { ReadClient } from '@lockstep/core/chain';
import { readImplementation } from '@lockstep/core/detect';
import { getPausedStates } from '@lockstep/core/emergency';
import type { Address, Hex } from 'viem';

export type ProxyState = { proxy: Address; implementation: Address; codehash: Hex | undefined; paused?: boolean };

/** Reads every proxy's implementation, codehash and pause state on one chain. Throws on an RPC error. */
export async function readProxyStates(
  client: ReadClient,
  chainId: number,
  proxies: readonly Address[],
): Promise<ProxyState[]> {
  const [implementations, paused] = await Promise.all([
    Promise.all(proxies.map((proxy) => readImplementation(client, proxy))),
    getPausedStates({
      clients: { [chainId]: client },
      targets: proxies.map((target) => ({ chainId, target })),
    }),
  ]);
  return proxies.map((proxy, i) => {
    const observed = implementations[i];
    if (!observed) throw new Error(`no implementation read for ${proxy}`);
    const state = paused[i]?.paused;
    return { proxy, ...observed, ...(state === undefined ? {} : { paused: state }) };
  });
}
