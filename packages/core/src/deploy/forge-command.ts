/**
 * The `forge script` command that deploys Lockstep on one chain. Secrets travel in the child's
 * environment only: the deployer key in `LOCKSTEP_DEPLOYER_KEY` (read by the script), the RPC URL
 * (which may carry an API key) in `FOUNDRY_ETH_RPC_URL` (forge's `eth_rpc_url` setting). argv, which any local user can see
 * with `ps`, holds neither.
 */
import type { Hex } from 'viem';

/** The variable `script/DeployLockstep.s.sol` reads the broadcasting key from. */
export const DEPLOYER_KEY_ENV = 'LOCKSTEP_DEPLOYER_KEY';

/** The deploy script, relative to the project root. */
export const DEPLOY_SCRIPT = 'script/DeployLockstep.s.sol';

export type ForgeDeployCommandParameters = {
  /** The script config JSON (absolute, or relative to `root`). */
  configPath: string;
  rpcUrl: string;
  privateKey: Hex;
  /** The project root (the folder holding `foundry.toml`). */
  root: string;
  /** The environment to extend. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
};

export type ForgeDeployCommandReturnType = {
  args: string[];
  env: Record<string, string | undefined>;
};

/**
 * Builds the argv and environment of the deploying `forge script` run.
 *
 * @example
 * const { args, env } = forgeDeployCommand({ configPath, rpcUrl, privateKey, root })
 * await runFoundry('forge', args, { cwd: root, env, quiet: true })
 */
export function forgeDeployCommand({
  configPath,
  rpcUrl,
  privateKey,
  root,
  env = process.env,
}: ForgeDeployCommandParameters): ForgeDeployCommandReturnType {
  const args = [
    'script',
    DEPLOY_SCRIPT,
    '--root',
    root,
    '--sig',
    'run(string)',
    configPath,
    '--broadcast',
    // Wait for each receipt before sending the next transaction (they build on each other).
    '--slow',
  ];
  return { args, env: { ...env, [DEPLOYER_KEY_ENV]: privateKey, FOUNDRY_ETH_RPC_URL: rpcUrl } };
}
