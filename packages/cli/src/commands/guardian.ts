import { isLocalConfig, type LockstepConfig, loadConfig, resolveKey } from '@lockstep/core/config';
import { adapterAddress, readDeployment } from '@lockstep/core/deploy';
import { readDevnet } from '@lockstep/core/devnet';
import { LockstepError } from '@lockstep/core/errors';
import { createGuardianNode, type GuardianNodeEvent } from '@lockstep/core/guardian';
import { type Address, getAddress, isAddress } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { commandFlags, commonFlags, configFlag, stringFlag } from '../flags.js';
import type { Logger } from '../logger.js';
import { checkChains } from '../shared/check-chains.js';

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), 'expected a 0x address')
  .transform((value) => getAddress(value));

const declared = commandFlags(
  {
    index: stringFlag(
      z.coerce.number().int().min(0),
      '<n>',
      "which of the config's guardian key sources (keys.guardians[n]) signs",
    ),
    port: stringFlag(
      z.coerce.number().int().min(0).max(65_535).default(0),
      '<p>',
      'HTTP port on 127.0.0.1 (default: 0, any free port; see the "started" log line)',
    ),
    'key-env': stringFlag(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional(),
      '<VAR>',
      'read the private key from $VAR instead of keys.guardians[n]',
    ),
    rpc: stringFlag(
      z.url({ protocol: /^https?$/ }).optional(),
      '<url>',
      "hub RPC (default: the hub network's rpc, else the running devnet's)",
    ),
    'store-dir': stringFlag(
      z.string().min(1).default('.lockstep/guardian'),
      '<d>',
      'cursor and signatures, one file per guardian (default: .lockstep/guardian)',
    ),
    'poll-interval': stringFlag(
      z.coerce.number().int().min(50).max(3_600_000).default(1000),
      '<ms>',
      'time between polls of the hub (default: 1000)',
    ),
    'from-block': stringFlag(
      z.coerce.bigint().min(0n).optional(),
      '<n>',
      'first hub block to scan when the store is empty (default: 0)',
    ),
    hub: stringFlag(address.optional(), '<address>', 'GovernanceHub (default: from deployments/<hub>.json)'),
    adapter: stringFlag(address.optional(), '<address>', 'GuardianAdapter (default: from deployments/<hub>.json)'),
    ...configFlag,
    ...commonFlags,
  },
  { epilogue: ['', 'Logs one JSON object a line on stderr. Stops cleanly on SIGTERM or SIGINT.'] },
);

type Options = z.output<typeof declared.schema>;

/** `lockstep guardian`: one guardian node (its own process, its own key) until SIGTERM or SIGINT. */
export const guardian = defineCommand({
  path: ['guardian'],
  ...declared,
  async run(options, logger) {
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const hubNetwork = config.networks.find((network) => network.role === 'hub');
    if (!hubNetwork) throw new LockstepError('the config has no hub network');
    const account = await guardianKey(config, options);
    const hubRpcUrl = options.rpc ?? (await hubRpc(hubNetwork));
    const addresses = await contractAddresses(hubNetwork.name, options);
    await checkChains([hubNetwork], { [hubNetwork.name]: hubRpcUrl }, () => ({
      hub: addresses.hub,
      guardianAdapter: addresses.guardianAdapter,
    }));

    const node = await createGuardianNode({
      config,
      account,
      hubRpcUrl,
      addresses,
      port: options.port,
      pollIntervalMs: options['poll-interval'],
      storeDir: options['store-dir'],
      ...(options['from-block'] === undefined ? {} : { fromBlock: options['from-block'] }),
      onEvent: (event) => logEvent(logger, event),
    });
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (name: NodeJS.Signals) => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        resolve(name);
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    logger.event('info', 'stopping', { signal });
    await node.stop();
    const health = node.health();
    logger.result(
      { guardian: node.guardian, url: node.url, signed: health.signed },
      () => `guardian ${node.guardian} stopped (${health.signed} attestations signed)`,
    );
    return 0;
  },
});

async function guardianKey(config: LockstepConfig, options: Options) {
  if (options['key-env']) return resolveKey({ env: options['key-env'] }, process.env);
  const sources = config.keys.guardians ?? [];
  const source = sources[options.index];
  if (!source) {
    throw new UsageError(
      `--index ${options.index}: the config has ${sources.length} guardian key sources (keys.guardians) — pick 0 to ${sources.length - 1}, or pass --key-env`,
      { usage: 'lockstep guardian --index <n> [--port <p>] [--key-env VAR] [--config <path>]' },
    );
  }
  return resolveKey(source, process.env, { allowTestMnemonic: isLocalConfig(config) });
}

async function hubRpc(network: LockstepConfig['networks'][number]): Promise<string> {
  if (typeof network.rpc === 'string') return network.rpc;
  const chain = (await readDevnet())?.chains.find((c) => c.name === network.name);
  if (!chain) {
    throw new LockstepError(
      `networks.${network.name} is a local chain and no devnet runs here — start one with \`lockstep devnet up\`, or pass --rpc`,
    );
  }
  return chain.rpcUrl;
}

async function contractAddresses(
  hubName: string,
  options: Options,
): Promise<{ hub: Address; guardianAdapter: Address }> {
  if (options.hub && options.adapter) return { hub: options.hub, guardianAdapter: options.adapter };
  const { addresses } = await readDeployment({ network: hubName });
  const hub = options.hub ?? addresses.hub;
  if (!hub) throw new LockstepError(`deployments/${hubName}.json names no GovernanceHub — pass --hub`);
  return { hub, guardianAdapter: options.adapter ?? adapterAddress(addresses, 'guardian') };
}

/** A node event as one log line (the CLI's one log schema, see `Logger.event`). */
function logEvent(logger: Logger, event: GuardianNodeEvent): void {
  switch (event.type) {
    case 'refused':
      logger.event('warn', 'refused', {
        messageId: event.messageId,
        blockNumber: event.blockNumber,
        reason: event.reason,
        error: event.error,
      });
      return;
    case 'poll-failed':
      logger.event('error', 'poll-failed', { error: event.error });
      return;
    case 'chain-reset': {
      const { type, ...fields } = event;
      logger.event('warn', type, fields);
      return;
    }
    default: {
      const { type, ...fields } = event;
      logger.event('info', type, fields);
    }
  }
}
