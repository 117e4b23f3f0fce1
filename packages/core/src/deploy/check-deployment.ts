import { type Address, createPublicClient, webSocket } from 'viem';
import { getCode } from 'viem/actions';
import { rpcHttp } from '../chain/clients.js';
import { checkNetworkRpc } from '../config/check-networks.js';
import { LockstepError } from '../errors/base.js';
import { DeploymentCheckError, type DeploymentCheckErrorType } from '../errors/deploy.js';
import { redactUrl } from '../utils/redact-url.js';

/** One network a command is about to use: where its RPC is, and which contracts must be there. */
export type DeploymentCheckNetwork = {
  /** The network's name in the config. */
  name: string;
  /** The chain id the config gives it. */
  chainId: number;
  url: string;
  /** Contracts of the deployment that must have code on this chain, by name (e.g. `receiver`). */
  contracts: Readonly<Record<string, Address | undefined>>;
};

export type CheckDeploymentParameters = {
  networks: readonly DeploymentCheckNetwork[];
  /** How long each RPC may take to answer. Default: 5000 ms. */
  timeoutMs?: number;
};

export type CheckDeploymentReturnType = { network: string; chainId: number; url: string }[];

export type CheckDeploymentErrorType = DeploymentCheckErrorType;

/**
 * The check every command runs before it uses a chain: each RPC answers `eth_chainId` with the
 * configured chain id, and each named contract of the deployment has code there. All networks are
 * checked at once; every problem is collected, each one line naming the cause and the fix, and
 * thrown together as `DeploymentCheckError` (`problems`). URLs are redacted.
 *
 * @example
 * await checkDeployment({ networks: [{ name: 'arbitrum', chainId: 42161, url, contracts: { receiver } }] })
 */
export async function checkDeployment(parameters: CheckDeploymentParameters): Promise<CheckDeploymentReturnType> {
  const timeoutMs = parameters.timeoutMs ?? 5000;
  const results = await Promise.all(parameters.networks.map((network) => checkOne(network, timeoutMs)));
  const problems = results.flat();
  if (problems.length > 0) throw new DeploymentCheckError({ problems });
  return parameters.networks.map((n) => ({ network: n.name, chainId: n.chainId, url: redactUrl(n.url) }));
}

async function checkOne(network: DeploymentCheckNetwork, timeoutMs: number): Promise<string[]> {
  try {
    await checkNetworkRpc({ name: network.name, chainId: network.chainId, url: network.url }, timeoutMs);
  } catch (error) {
    return [error instanceof LockstepError ? error.shortMessage : String(error)];
  }
  const url = redactUrl(network.url);
  const transport = /^wss?:/.test(network.url)
    ? webSocket(network.url, { timeout: timeoutMs, retryCount: 0 })
    : rpcHttp(network.url, { timeout: timeoutMs, retryCount: 0 });
  const client = createPublicClient({ transport });
  const problems = await Promise.all(
    Object.entries(network.contracts).map(async ([name, address]): Promise<string | undefined> => {
      if (!address)
        return `networks.${network.name}: the deployment names no ${name} — deploy with \`lockstep deploy\``;
      try {
        const code = await getCode(client, { address });
        if (code && code !== '0x') return undefined;
      } catch {
        return `networks.${network.name}: RPC ${url} did not answer eth_getCode for the ${name} — retry, or fix the network's rpc URL`;
      }
      return `networks.${network.name}: no ${name} at ${address} on chain ${network.chainId} (${url}) — this chain is not where deployments/${network.name}.json was deployed (a restarted devnet?): deploy with \`lockstep deploy\`, or point the RPC at the right chain`;
    }),
  );
  return problems.filter((p): p is string => p !== undefined);
}
