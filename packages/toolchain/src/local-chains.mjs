// @ts-check
/**
 * The default local chains: shaped like Ethereum (the hub), Arbitrum, Optimism and Polygon, with
 * their real chain ids so chain-id checks are exercised as on the real networks. Forge fork tests
 * find each chain's RPC URL in `LOCKSTEP_RPC_<NAME>` (e.g. `LOCKSTEP_RPC_ARBITRUM`).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolchainError } from './errors.mjs';
import { runFoundry } from './exec.mjs';

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

/** anvil's first test account: the local deployer (public test key, local chains only). */
export const LOCAL_DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

/**
 * The argv and environment of the `forge script` run that deploys Lockstep on one local chain.
 * The key travels in `LOCKSTEP_DEPLOYER_KEY` (read by the script), never in argv, which any local
 * user can read with `ps`: harmless for this public test key, but the pattern is the one real keys
 * need.
 * @param {{ rpcUrl: string }} chain
 * @param {string} root repository root
 * @param {NodeJS.ProcessEnv} [env] the environment to extend
 * @returns {{ args: string[], env: NodeJS.ProcessEnv }}
 */
export function localDeployCommand(chain, root, env = process.env) {
  return {
    args: [
      'script',
      'script/DeployLockstep.s.sol',
      '--root',
      root,
      '--sig',
      'run(string)',
      'script/config/local.json',
      '--rpc-url',
      chain.rpcUrl,
      '--broadcast',
    ],
    env: { ...env, LOCKSTEP_DEPLOYER_KEY: LOCAL_DEPLOYER_KEY },
  };
}

/**
 * Deploys Lockstep on each local chain with `script/DeployLockstep.s.sol` and the local config,
 * one chain after the other, printing one line per chain.
 * @param {readonly { name: string, chainId: number, rpcUrl: string }[]} chains
 * @param {string} root repository root
 */
export async function deployLocalChains(chains, root) {
  for (const chain of chains) {
    const started = performance.now();
    const { args, env } = localDeployCommand(chain, root);
    const { code, stdout } = await runFoundry('forge', args, { cwd: root, env, quiet: true });
    if (code !== 0) {
      throw new ToolchainError(`deploying Lockstep on ${chain.name} (chain ${chain.chainId}) failed`, {
        details: stdout.trim().split('\n').slice(-20).join('\n'),
      });
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const deployed = JSON.parse(readFileSync(join(root, 'deployments', `${chain.chainId}.json`), 'utf8'));
    process.stderr.write(
      `deployed Lockstep on ${chain.name} (${chain.chainId}) in ${seconds} s: receiver ${deployed.receiver}, vault ${deployed.vault}${deployed.hub ? `, hub ${deployed.hub}` : ''}\n`,
    );
  }
}
