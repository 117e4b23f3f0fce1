import {
  chainsFromDeployments,
  DEFAULT_WEBHOOK_QUEUE_LIMIT,
  Monitor,
  type MonitorSnapshot,
  type OpenStoreOptions,
  openStore,
} from '@lockstep/monitor';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { booleanFlag, commandFlags, commonFlags, configFlag, rootFlag, rpcFlag, stringFlag } from '../flags.js';
import type { Logger } from '../logger.js';
import { chosenNetworks, networkFlag } from '../shared/chosen-networks.js';
import { startMonitorServices } from '../shared/monitor-services.js';
import { snapshotText } from '../shared/monitor-table.js';

const USAGE =
  'lockstep monitor [--network <name>]... [--once] [--db <dir>|<postgres://…>] [--schema <name>] [--poll-interval <ms>]';

const declared = commandFlags(
  {
    ...networkFlag,
    ...rpcFlag,
    once: booleanFlag(
      z.boolean().default(false),
      'one poll of every chain, print it, exit (1 when a chain is unreachable; default: poll until SIGINT/SIGTERM)',
    ),
    'poll-interval': stringFlag(
      z.coerce.number().int().min(100).default(5000),
      '<ms>',
      'pause between polls (default: 5000)',
    ),
    db: stringFlag(
      z.string().min(1).optional(),
      '<dir|url>',
      'the embedded (PGlite) database’s directory (default: .lockstep/monitor), or a postgres:// URL',
    ),
    schema: stringFlag(
      z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a plain lower-case SQL identifier (letters, digits and _)')
        .optional(),
      '<name>',
      'the schema holding the monitor’s tables, so several monitors can share one database (default: public)',
    ),
    'from-block': stringFlag(
      z.coerce.number().int().nonnegative().default(0),
      '<n>',
      'first block to read on a chain with no checkpoint yet (default: 0)',
    ),
    port: stringFlag(
      z.coerce.number().int().min(0).max(65_535).optional(),
      '<n>',
      'serve the dashboard and /metrics on this port (0: a free one; default: none)',
    ),
    'webhook-queue': stringFlag(
      z.coerce.number().int().min(1).default(DEFAULT_WEBHOOK_QUEUE_LIMIT),
      '<n>',
      `alert transitions a webhook trigger keeps waiting during an outage; beyond that the oldest are dropped, with a warning and a count in /metrics (default: ${DEFAULT_WEBHOOK_QUEUE_LIMIT})`,
    ),
    ...rootFlag,
    ...configFlag,
    ...commonFlags,
  },
  {
    notesAfter: {
      db: ['    (without --db, DATABASE_URL=postgres://… in the environment uses that PostgreSQL server)'],
    },
  },
);

/**
 * `lockstep monitor`: one live view of every proposal on every chain — its stage per chain, council
 * participation, time in queue — with each chain's head, proxies and signer sets. Resumes from its
 * checkpoints after a restart; a chain whose RPC is down shows as unreachable.
 */
export const monitor = defineCommand({
  path: ['monitor'],
  ...declared,
  async run(options, logger) {
    const { config, networks, rpcUrls } = await chosenNetworks(options, USAGE);
    if (!networks.some((n) => n.role === 'hub')) {
      throw new UsageError('the monitor reads proposals from the hub: include the hub network in --network', {
        usage: USAGE,
      });
    }
    const root = options.root === undefined ? {} : { root: options.root };
    const chains = (await chainsFromDeployments({ networks, rpcUrls, ...root })).map((c) => ({
      ...c,
      fromBlock: options['from-block'],
    }));
    const store = await openStore(storeOptions(options, process.env.DATABASE_URL));
    try {
      const watcher = new Monitor({
        store,
        chains,
        pollIntervalMs: options['poll-interval'],
        onError: (error) => logger.event('error', 'monitor-error', { error }),
      });
      const services = await startMonitorServices({
        monitor: watcher,
        store,
        config,
        networks,
        logger,
        options,
        usage: USAGE,
        port: options.once ? undefined : options.port,
        webhookQueueLimit: options['webhook-queue'],
      });
      try {
        if (options.once) {
          const polled = await watcher.pollOnce();
          await services.alerting.settled();
          const snapshot = { ...polled, alerts: await store.active() };
          logger.result(snapshot, () => snapshotText(snapshot));
          return snapshot.chains.every((c) => c.reachable) ? 0 : 1;
        }
        watcher.subscribe((event) => {
          if (event.type === 'snapshot') print(logger, event.snapshot);
        });
        watcher.start();
        await untilSignal();
        await watcher.stop();
        logger.result({ stopped: true }, () => 'monitor stopped');
        return 0;
      } finally {
        await services.stop();
      }
    } finally {
      await store.close();
    }
  },
});

/**
 * Where the store lives: `--db` (a postgres:// URL, or PGlite's directory), else DATABASE_URL, else
 * PGlite in its default directory. The flag is the more explicit choice: it beats a DATABASE_URL left
 * in the environment.
 */
function storeOptions(
  options: { db?: string | undefined; schema?: string | undefined },
  databaseUrl: string | undefined,
): OpenStoreOptions {
  const schema = options.schema === undefined ? {} : { schema: options.schema };
  if (options.db !== undefined) {
    return /^postgres(ql)?:/i.test(options.db)
      ? { databaseUrl: options.db, ...schema }
      : { dataDir: options.db, ...schema };
  }
  return databaseUrl ? { databaseUrl, ...schema } : schema;
}

/** Each poll: the table on stderr, or one structured `snapshot` line with `--json`. */
function print(logger: Logger, snapshot: MonitorSnapshot): void {
  if (logger.json) {
    logger.event('info', 'snapshot', { snapshot });
    return;
  }
  logger.info(`${snapshotText(snapshot)}\n`);
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
