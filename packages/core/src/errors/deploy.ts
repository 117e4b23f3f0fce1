import { LockstepError } from './base.js';

/** Why a deployment failed. */
export type DeployErrorReason =
  /** The network is not in the config. */
  | 'unknown-network'
  /** A `{ local: true }` network was deployed without an `rpcUrl`. */
  | 'missing-rpc-url'
  /** The account's address is not the one its private key gives. */
  | 'account-mismatch'
  /** `forge script` exited non-zero. */
  | 'script-failed'
  /** The script finished but its `deployments/<chainId>.json` is missing or malformed. */
  | 'missing-output'
  /** `deployments/<network>.json` does not exist or is malformed (see `readDeployment`). */
  | 'not-deployed'
  /** The direct (dev-chain) deployer found Lockstep's factory already there: only the script keeps what exists. */
  | 'not-fresh'
  /** The script would refuse the config (`DeployConfigInvalid`), found before anything is sent. */
  | 'invalid-config'
  /** A transaction of the direct deployer reverted (in its simulation, before sending, or on chain). */
  | 'transaction-failed';

export type DeployErrorParameters = {
  reason: DeployErrorReason;
  network: string;
  /** The last lines of forge's output, with anything that looks like a key redacted. */
  output?: string;
  cause?: unknown;
};

export type DeployErrorType = DeployError & { name: 'DeployError' };

/**
 * Deploying Lockstep on a network failed. `output` holds the end of forge's output (keys
 * redacted); the message never contains key material.
 */
export class DeployError extends LockstepError {
  override name = 'DeployError' as const;
  readonly reason: DeployErrorReason;
  readonly network: string;
  readonly output: string | undefined;

  constructor(shortMessage: string, { reason, network, output, cause }: DeployErrorParameters) {
    super(shortMessage, {
      cause,
      docsPath: '#deploying',
      // forge's output is the useful detail; a cause's message could quote the environment.
      details: '',
      metaMessages: output
        ? ['forge output (last lines):', ...output.split('\n').map((line) => `  ${line}`)]
        : undefined,
    });
    this.reason = reason;
    this.network = network;
    this.output = output;
  }
}

export type DeploymentCheckErrorType = DeploymentCheckError & { name: 'DeploymentCheckError' };

/**
 * Before a command touches a chain: an RPC does not answer, answers for another chain, or a
 * contract of the deployment has no code there. `problems` lists every one (one line each, with
 * its fix); the short message is the only one, or a count.
 */
export class DeploymentCheckError extends LockstepError {
  override name = 'DeploymentCheckError' as const;
  readonly problems: readonly string[];

  constructor({ problems, cause }: { problems: readonly string[]; cause?: unknown }) {
    const only = problems.length === 1 ? problems[0] : undefined;
    super(only ?? `${problems.length} problems with the RPCs or the deployment`, {
      cause,
      docsPath: '#networks',
      // Every problem is already one line with its fix: no raw RPC dump.
      details: '',
      metaMessages: only ? undefined : problems.map((line) => `- ${line}`),
    });
    this.problems = problems;
  }
}

export type AdapterNotDeployedErrorType = AdapterNotDeployedError & { name: 'AdapterNotDeployedError' };

/**
 * A command needs a bridge adapter the deployment does not have: the config's `receiver.adapters`
 * did not list it when Lockstep was deployed (only the listed adapters are deployed).
 */
export class AdapterNotDeployedError extends LockstepError {
  override name = 'AdapterNotDeployedError' as const;
  /** The adapter asked for, by its name in `receiver.adapters` (e.g. `guardian`). */
  readonly kind: string;
  /** The adapters the deployment has. */
  readonly deployed: readonly string[];

  constructor({ kind, deployed, cause }: { kind: string; deployed: readonly string[]; cause?: unknown }) {
    const has = deployed.length > 0 ? `it has ${deployed.map((name) => `"${name}"`).join(', ')}` : 'it has none';
    super(
      `the deployment has no "${kind}" adapter (${has}) — add "${kind}" to receiver.adapters in the config and deploy again with \`lockstep deploy\``,
      { cause, docsPath: '#deploying' },
    );
    this.kind = kind;
    this.deployed = deployed;
  }
}
