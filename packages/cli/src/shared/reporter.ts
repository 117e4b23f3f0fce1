/**
 * The reporter the `relay` and `execute-ready` commands acknowledge deliveries with: the config's
 * `keys.reporter` when it names one (else none, and nothing is acknowledged).
 */
import { isLocalConfig, type LockstepConfig, resolveKey } from '@lockstep/core/config';
import { createNetworkClients, type NetworkClient, withNonceManager } from '@lockstep/core/relay';
import { type Address, formatEther, type LocalAccount } from 'viem';
import { getBalance } from 'viem/actions';

export async function reporterAccount(config: LockstepConfig): Promise<LocalAccount | undefined> {
  const source = config.keys.reporter;
  if (!source) return undefined;
  return resolveKey(source, process.env, { allowTestMnemonic: isLocalConfig(config) });
}

/** A signing client on the hub for the reporter (its own nonce manager). */
export function reporterHubClient(
  config: LockstepConfig,
  reporter: LocalAccount,
  rpcUrls: Readonly<Record<string, string>>,
): NetworkClient | undefined {
  const hub = config.networks.find((n) => n.role === 'hub');
  if (!hub) return undefined;
  return createNetworkClients({ networks: [hub] }, withNonceManager(reporter), rpcUrls).get(hub.chainId)?.client;
}

export type ReporterCheck = {
  /** The reporter's address; `undefined` when the config names none. */
  reporter: Address | undefined;
  /** Its balance on the hub, when it could be read. */
  balance: bigint | undefined;
  /** One line for stderr. */
  message: string;
  /** Whether acknowledgements cannot work as things stand (no funds). */
  warning: boolean;
};

/** Who acknowledges, and whether that account can pay for it. */
export async function checkReporter(
  config: LockstepConfig,
  reporter: LocalAccount | undefined,
  rpcUrls: Readonly<Record<string, string>>,
): Promise<ReporterCheck> {
  const client = reporter ? reporterHubClient(config, reporter, rpcUrls) : undefined;
  if (!reporter || !client) {
    const message = 'no keys.reporter in the config: deliveries are not acknowledged on the hub';
    return { reporter: undefined, balance: undefined, message, warning: false };
  }
  const balance = await getBalance(client, { address: reporter.address }).catch(() => undefined);
  if (balance === 0n) {
    const message = `reporter ${reporter.address} has no ETH on ${client.chain.name}: hub acknowledgements will fail until it is funded`;
    return { reporter: reporter.address, balance, message, warning: true };
  }
  const funds = balance === undefined ? '' : ` (${formatEther(balance)} ETH)`;
  const message = `acknowledging deliveries on ${client.chain.name} as reporter ${reporter.address}${funds}`;
  return { reporter: reporter.address, balance, message, warning: false };
}
