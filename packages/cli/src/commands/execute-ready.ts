import { type DeliveryReport, reportDeliveries } from '@lockstep/core/ack';
import { isLocalConfig, loadConfig, resolveKey } from '@lockstep/core/config';
import { readDeployment } from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import { type ExecutionReport, executeReady, executeUntilDone } from '@lockstep/core/executor';
import { createNetworkClients, scanDispatched, withNonceManager } from '@lockstep/core/relay';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import {
  booleanFlag,
  commandFlags,
  commonFlags,
  configFlag,
  fromBlockSchema,
  listFlag,
  rootFlag,
  rpcFlag,
  stringFlag,
} from '../flags.js';
import { type Logger, table } from '../logger.js';
import { acknowledgement } from '../shared/acknowledgement.js';
import { checkChains } from '../shared/check-chains.js';
import { checkReporter, reporterAccount, reporterHubClient } from '../shared/reporter.js';
import { resolveRpcUrls } from '../shared/rpc-urls.js';

/** `lockstep execute-ready`: the keeper. Executes queued upgrades that are due, on every chain at once. */
export const executeReadyCommand = defineCommand({
  path: ['execute-ready'],
  ...commandFlags(
    {
      message: listFlag(
        z.array(z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte message id')).default([]),
        '<id>',
        'only this message (repeat); default: every message the hub dispatched',
      ),
      watch: booleanFlag(
        z.boolean().default(false),
        'retry every --poll-interval until each chain executed or expired',
      ),
      ...rpcFlag,
      'poll-interval': stringFlag(
        z.coerce.number().int().min(100).default(5000),
        '<ms>',
        'pause between rounds with --watch (default: 5000)',
      ),
      'from-block': stringFlag(fromBlockSchema, '<n>', 'first hub block to scan (default: 0)'),
      ...rootFlag,
      ...configFlag,
      ...commonFlags,
    },
    {
      notesAfter: {
        root: ['    (with keys.reporter in the config, executed messages are acknowledged Executed on the hub)'],
      },
    },
  ),
  async run(options, logger) {
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const rpcUrls = await resolveRpcUrls(config, options.rpc);
    const key = config.keys.relayer;
    if (!key) throw new LockstepError('the config names no relayer key (keys.relayer)', { docsPath: '#keys' });
    const account = await resolveKey(key, process.env, { allowTestMnemonic: isLocalConfig(config) });
    const hubNetwork = config.networks.find((n) => n.role === 'hub');
    const { addresses } = await readDeployment({
      network: hubNetwork?.name ?? '',
      ...(options.root ? { root: options.root } : {}),
    });
    await checkChains(config.networks, rpcUrls, (n) => ({
      ...(n.role === 'hub' ? { hub: addresses.hub } : {}),
      receiver: addresses.receiver,
    }));
    // One nonce sequence per chain: several due messages to one chain are signed in advance together.
    const networkClients = createNetworkClients(config, withNonceManager(account), rpcUrls);
    const hubClient = networkClients.get(hubNetwork?.chainId ?? 0)?.client;
    if (!addresses.hub || !hubClient) throw new LockstepError('the hub deployment has no GovernanceHub address');
    const { messages: all } = await scanDispatched({
      client: hubClient,
      hub: addresses.hub,
      fromBlock: options['from-block'],
    });
    const wanted = new Set(options.message.map((id) => id.toLowerCase()));
    const messages = all.filter(
      (m) => networkClients.has(m.chainId) && (wanted.size === 0 || wanted.has(m.messageId.toLowerCase())),
    );
    const clients = Object.fromEntries([...networkClients].map(([chainId, entry]) => [chainId, entry.client]));
    const names = new Map([...networkClients].map(([chainId, entry]) => [chainId, entry.network.name]));
    const parameters = { clients, receiver: addresses.receiver, messages };
    const reporter = await reporterAccount(config);
    const reporterClient = reporter ? reporterHubClient(config, reporter, rpcUrls) : undefined;
    const check = await checkReporter(config, reporter, rpcUrls);
    if (check.warning) logger.fail(check.message);
    else logger.info(check.message);
    const hubStates = new Map<string, DeliveryReport>();
    const onAcknowledged = (round: DeliveryReport[]) => {
      for (const report of round) {
        hubStates.set(report.messageId, report);
        logAcknowledgement(logger, names, report);
      }
    };
    const reporterOption = reporterClient ? { reporter: { client: reporterClient, hub: addresses.hub } } : {};
    const reports = options.watch
      ? await executeUntilDone({
          ...parameters,
          ...reporterOption,
          onAcknowledged,
          pollIntervalMs: options['poll-interval'],
          onRound: (round) => {
            for (const report of round) logger.info(`${names.get(report.chainId)}: ${describe(report)}`);
          },
        })
      : await executeReady(parameters);
    const executed = reports.filter((r) => r.status === 'executed' || r.status === 'already-executed');
    if (!options.watch && reporterClient && executed.length > 0) {
      try {
        onAcknowledged(
          await reportDeliveries(reporterClient, {
            hub: addresses.hub,
            receiver: addresses.receiver,
            clients,
            messageIds: executed.map((r) => r.messageId),
          }),
        );
      } catch (error) {
        // Bookkeeping only: the executions stand; say why the hub was not told.
        logger.fail(`acknowledging on the hub failed: ${error instanceof LockstepError ? error.shortMessage : error}`);
      }
    }
    logger.result(
      reports.map(({ ...report }) => {
        const hub = hubStates.get(report.messageId);
        return {
          ...report,
          ...('error' in report ? { error: report.error.name } : {}),
          ...(hub ? { acknowledgement: acknowledgement(hub) } : {}),
        };
      }),
      () =>
        table(
          ['network', 'message', 'status', 'detail', 'hub'],
          reports.map((r) => [
            names.get(r.chainId) ?? String(r.chainId),
            r.messageId,
            r.status,
            describe(r),
            hubStates.get(r.messageId)?.hubState ?? '',
          ]),
        ),
    );
    return reports.some((r) => r.status === 'failed' || r.status === 'expired') ? 1 : 0;
  },
});

function logAcknowledgement(logger: Logger, names: ReadonlyMap<number, string>, report: DeliveryReport): void {
  const network = names.get(report.chainId) ?? String(report.chainId);
  if (report.outcome === 'failed') {
    logger.fail(
      `${network}: acknowledging ${report.messageId} on the hub failed: ${report.error.message.split('\n')[0]}`,
    );
  } else if (report.outcome === 'marked') {
    logger.success(
      `${network}: hub acknowledged ${report.messageId} as ${report.hubState} (${report.transactionHash})`,
    );
  } else {
    logger.info(`${network}: hub shows ${report.messageId} as ${report.hubState} (${report.outcome})`);
  }
}

function describe(report: ExecutionReport): string {
  switch (report.status) {
    case 'executed':
      return `block ${report.blockNumber} at ${report.timestamp} (${report.transactionHash})`;
    case 'already-executed':
      return 'executed before';
    case 'not-yet-active':
      return `executable at ${report.executableAt}, chain time ${report.chainTime}`;
    case 'expired':
      return `expired at ${report.expiresAt}, chain time ${report.chainTime}`;
    case 'not-queued':
      return `receiver status ${report.receiverStatus}`;
    case 'failed':
      return report.reason;
  }
}
