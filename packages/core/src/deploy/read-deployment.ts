import { repoRoot } from '@lockstep/toolchain';
import { DeployError, type DeployErrorType } from '../errors/deploy.js';
import { type Deployment, deploymentPath, deploymentSchema, readJsonFile } from './deployment.js';

export type ReadDeploymentParameters = {
  /** The network's name in the config, e.g. `arbitrum`. */
  network: string;
  /** The project root. Default: the repository holding `@lockstep/toolchain`. */
  root?: string;
};

export type ReadDeploymentReturnType = Deployment;

export type ReadDeploymentErrorType = DeployErrorType;

/**
 * Reads `deployments/<network>.json`, as `deployLockstep` wrote it.
 *
 * Throws `DeployError` (reason `not-deployed`) when the file is missing or malformed.
 *
 * @example
 * const { addresses } = await readDeployment({ network: 'arbitrum' })
 */
export async function readDeployment({
  network,
  root = repoRoot,
}: ReadDeploymentParameters): Promise<ReadDeploymentReturnType> {
  const path = deploymentPath(root, network);
  let json: unknown;
  try {
    json = await readJsonFile(path);
  } catch (cause) {
    throw new DeployError(`cannot read ${path} — deploy again with \`lockstep deploy\``, {
      reason: 'not-deployed',
      network,
      cause,
    });
  }
  if (json === undefined) {
    throw new DeployError(`${network} has no deployment (${path} does not exist) — run \`lockstep deploy\` first`, {
      reason: 'not-deployed',
      network,
    });
  }
  const parsed = deploymentSchema.safeParse(json);
  if (!parsed.success || parsed.data.network !== network) {
    throw new DeployError(
      `${path} is not a Lockstep deployment of ${network} — deploy again with \`lockstep deploy\``,
      {
        reason: 'not-deployed',
        network,
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}
