import { checkNetworks, isLocalConfig, type LockstepConfig, loadConfig } from '@lockstep/core/config';
import {
  type DeployerKey,
  type DeployLockstepReturnType,
  type DeployProgress,
  deployAll,
  deployLockstep,
  resolveDeployerKey,
} from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { commandFlags, commonFlags, configFlag, listFlag, rpcFlag } from '../flags.js';
import { type Logger, table } from '../logger.js';
import { summaryOf } from '../registry.js';
import { resolveRpcUrls } from '../shared/rpc-urls.js';

const declared = commandFlags(
  {
    network: listFlag(
      z.array(z.string().min(1)).default([]),
      '<name>',
      'only this network (repeat, or a comma list); default: every network',
    ),
    ...rpcFlag,
    ...configFlag,
    ...commonFlags,
  },
  {
    epilogue: [
      '',
      'The key is the config’s keys.deployer (env or keystore; the public test mnemonic only when every',
      'network is local). Progress per network goes to stderr; deployments/<network>.json is written.',
    ],
  },
);

/** `lockstep deploy`: the whole system on every (or the named) network, the hub first. */
export const deploy = defineCommand({
  path: ['deploy'],
  ...declared,
  async run(options, logger) {
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const selected = selectNetworks(config, options.network);
    const known = new Set(config.networks.map((n) => n.name));
    const unknownRpc = options.rpc.map((flag) => flag.slice(0, flag.indexOf('='))).find((name) => !known.has(name));
    if (unknownRpc) throw usageError(`--rpc names no network of the config: "${unknownRpc}"`);
    const rpcUrls = await resolveRpcUrls(config, options.rpc);
    for (const network of selected) {
      if (typeof network.rpc !== 'string' && rpcUrls[network.name] === undefined) {
        throw new LockstepError(
          `no RPC for ${network.name}: it is a local network and no devnet is running here — start one with \`lockstep devnet up\`, or pass --rpc ${network.name}=<url>`,
          { docsPath: '#deploying' },
        );
      }
    }
    const source = config.keys.deployer;
    if (!source) throw new LockstepError('the config names no deployer key (keys.deployer)', { docsPath: '#keys' });
    const account = await resolveDeployerKey(source, process.env, { allowTestMnemonic: isLocalConfig(config) });
    logger.info(`deployer ${account.address}; networks: ${selected.map((n) => n.name).join(', ')}`);

    const onProgress = (progress: DeployProgress) => logProgress(logger, progress);
    const deployments =
      selected.length === config.networks.length
        ? await deployAll({ config, account, rpcUrls, onProgress })
        : await deploySome(config, selected, account, rpcUrls, onProgress);

    const networks = deployments.map((d) => ({
      network: d.network,
      chainId: d.chainId,
      status: d.created ? 'deployed' : 'existing',
      addresses: d.addresses,
      file: d.file,
    }));
    logger.result({ deployer: account.address, networks }, () => human(deployments));
    return 0;
  },
});

type Network = LockstepConfig['networks'][number];

/** `--network` values (repeated and/or comma lists) as config networks, in config order. */
function selectNetworks(config: LockstepConfig, flags: readonly string[]): Network[] {
  const names = flags.flatMap((flag) => flag.split(',').map((name) => name.trim())).filter(Boolean);
  if (names.length === 0) return [...config.networks];
  const unknown = names.filter((name) => !config.networks.some((n) => n.name === name));
  if (unknown.length > 0) {
    throw usageError(
      `unknown network${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} — the config has: ${config.networks.map((n) => n.name).join(', ')}`,
    );
  }
  return config.networks.filter((n) => names.includes(n.name));
}

/**
 * Some networks only: what `deployAll` does for all of them (every RPC checked before the first
 * transaction, then the hub first). The config itself stays whole: the hub's constructor names
 * every chain, so a narrowed config would change its CREATE2 address.
 */
async function deploySome(
  config: LockstepConfig,
  selected: readonly Network[],
  account: DeployerKey,
  rpcUrls: Readonly<Record<string, string>>,
  onProgress: (progress: DeployProgress) => void,
): Promise<DeployLockstepReturnType[]> {
  const ordered = [...selected.filter((n) => n.role === 'hub'), ...selected.filter((n) => n.role !== 'hub')];
  const urlOf = (network: Network) => rpcUrls[network.name] ?? (typeof network.rpc === 'string' ? network.rpc : '');
  await checkNetworks({ networks: ordered.map((network) => ({ ...network, rpc: urlOf(network) })) });
  const results: DeployLockstepReturnType[] = [];
  for (const network of ordered) {
    results.push(await deployLockstep({ config, network: network.name, account, rpcUrl: urlOf(network), onProgress }));
  }
  return results;
}

function usageError(message: string): UsageError {
  return new UsageError(message, {
    usage: [`usage: lockstep deploy [flags]`, '', summaryOf(deploy), '', ...declared.help].join('\n'),
  });
}

function logProgress(logger: Logger, progress: DeployProgress): void {
  switch (progress.step) {
    case 'checking':
      logger.info(`${progress.network}: checking ${progress.url}`);
      return;
    case 'deploying':
      logger.info(`${progress.network} (chain ${progress.chainId}): deploying…`);
      return;
    case 'deployed': {
      const seconds = (progress.durationMs / 1000).toFixed(1);
      logger.success(
        progress.created
          ? `${progress.network} (chain ${progress.chainId}): deployed in ${seconds} s`
          : `${progress.network} (chain ${progress.chainId}): already deployed, nothing sent`,
      );
      return;
    }
  }
}

function human(deployments: readonly DeployLockstepReturnType[]): string {
  return table(
    ['network', 'chain id', 'status', 'receiver', 'hub', 'file'],
    deployments.map((d) => [
      d.network,
      String(d.chainId),
      d.created ? 'deployed' : 'existing',
      d.addresses.receiver,
      d.addresses.hub ?? '',
      d.file,
    ]),
  );
}
