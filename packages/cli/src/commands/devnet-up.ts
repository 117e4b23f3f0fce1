import { isLocalConfig, type LockstepConfig, loadConfig, resolveKey } from '@lockstep/core/config';
import { type DevnetProgressEvent, startDevnet } from '@lockstep/core/devnet';
import { type Address, formatEther, parseEther } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, configFlag, stringFlag } from '../flags.js';
import { type Logger, table } from '../logger.js';

/** `lockstep devnet up`: one detached anvil per local network of the config. */
export const devnetUp = defineCommand({
  path: ['devnet', 'up'],
  ...commandFlags({
    'base-port': stringFlag(
      z.coerce.number().int().min(1).max(65_535).default(8545),
      '<n>',
      'port of the first local network; the i-th gets n+i (default: 8545)',
    ),
    'state-dir': stringFlag(
      z.string().min(1).optional(),
      '<d>',
      'keep each chain in <d>/<name>.json: loaded at up, dumped at down',
    ),
    host: stringFlag(z.string().min(1).default('127.0.0.1'), '<ip>', 'interface to listen on (default: 127.0.0.1)'),
    ...configFlag,
    ...commonFlags,
  }),
  async run(options, logger) {
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const devnet = await startDevnet(config, {
      basePort: options['base-port'],
      host: options.host,
      ...(options['state-dir'] ? { stateDir: options['state-dir'] } : {}),
      fund: await accountsToFund(config, logger),
      onProgress: (event) => logProgress(logger, event),
    });
    logger.result({ file: devnet.file, chains: devnet.chains }, () =>
      table(
        ['network', 'chain id', 'rpc', 'block time', 'pid', 'log'],
        devnet.chains.map((c) => [c.name, String(c.chainId), c.rpcUrl, `${c.blockTime} s`, String(c.pid), c.logFile]),
      ),
    );
    return 0;
  },
});

/** What every devnet chain gives the accounts anvil does not fund. */
const FUNDING = parseEther('100');

/**
 * The config's reporter (it acknowledges deliveries on the hub; anvil's default accounts do not
 * include it). A key that cannot be resolved here (an unset env var) is left unfunded, with a warning.
 */
async function accountsToFund(
  config: LockstepConfig,
  logger: Logger,
): Promise<{ address: Address; balance: bigint }[]> {
  const source = config.keys.reporter;
  if (!source) return [];
  try {
    const reporter = await resolveKey(source, process.env, { allowTestMnemonic: isLocalConfig(config) });
    return [{ address: reporter.address, balance: FUNDING }];
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    logger.warn(`keys.reporter is not funded on the devnet: ${why}`);
    return [];
  }
}

function logProgress(logger: Logger, event: DevnetProgressEvent): void {
  switch (event.type) {
    case 'cleaned-stale':
      logger.info(`removed a stale devnet state file (${event.file}): its processes were gone`);
      return;
    case 'spawned':
      logger.info(`${event.name} (chain ${event.chainId}): anvil pid ${event.pid} on port ${event.port}`);
      return;
    case 'ready':
      logger.success(`${event.name} (chain ${event.chainId}) ready at ${event.rpcUrl} in ${event.ms} ms`);
      return;
    case 'funded':
      logger.info(
        `${event.name} (chain ${event.chainId}): funded ${event.address} with ${formatEther(event.balance)} ETH`,
      );
      return;
    case 'failed':
      logger.fail(`${event.name} (chain ${event.chainId}): ${event.reason}`);
      return;
  }
}
