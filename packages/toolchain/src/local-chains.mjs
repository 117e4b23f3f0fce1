// @ts-check
/**
 * The default local chains: shaped like Ethereum (the hub), Arbitrum, Optimism and Polygon, with
 * their real chain ids so chain-id checks are exercised as on the real networks. Forge fork tests
 * find each chain's RPC URL in `LOCKSTEP_RPC_<NAME>` (e.g. `LOCKSTEP_RPC_ARBITRUM`).
 */

/** @type {readonly import('./anvil.mjs').AnvilOptions[]} */
export const localChains = Object.freeze([
  { name: 'ethereum', chainId: 1 },
  { name: 'arbitrum', chainId: 42161 },
  { name: 'optimism', chainId: 10 },
  { name: 'polygon', chainId: 137 },
]);

/**
 * The environment variables that tell forge fork tests where each chain is.
 * @param {readonly { name: string, rpcUrl: string }[]} chains
 * @returns {Record<string, string>}
 */
export function rpcEnv(chains) {
  return Object.fromEntries(chains.map((c) => [`LOCKSTEP_RPC_${c.name.toUpperCase()}`, c.rpcUrl]));
}
