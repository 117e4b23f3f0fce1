import { type CanaryDelivery, sendCanary, waitForCanary } from '@lockstep/core/canary';
import { loadConfig } from '@lockstep/core/config';
import { readDeployment } from '@lockstep/core/deploy';
import { CanaryNotDeliveredError, LockstepError } from '@lockstep/core/errors';
import { createNetworkClients } from '@lockstep/core/relay';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, configFlag, rootFlag, rpcFlag, stringFlag } from '../flags.js';
import { table } from '../logger.js';
import { reporterAccount, reporterHubClient } from '../shared/reporter.js';
import { resolveRpcUrls } from '../shared/rpc-urls.js';

const declared = commandFlags(
  {
    timeout: stringFlag(
      z.coerce.number().int().min(1).default(300),
      '<s>',
      'seconds to wait for every chain to receive it (default: 300)',
    ),
    'poll-interval': stringFlag(
      z.coerce.number().int().min(100).default(1000),
      '<ms>',
      'pause between two reads of the receivers (default: 1000)',
    ),
    ...rpcFlag,
    ...rootFlag,
    ...configFlag,
    ...commonFlags,
  },
  {
    notesAfter: {
      root: [
        '    (sent by the config’s keys.reporter, a hub reporter, at most once per the hub’s CANARY_INTERVAL;',
        '     delivered by the running guardian nodes and relayer like any message)',
      ],
    },
  },
);

/**
 * `lockstep canary`: sends a no-op message through the real path (hub → guardians → relayer →
 * adapters → receivers) to every chain, waits until each receiver reports it, and prints each
 * chain's latency (hub dispatch block time → delivery block time). Exit 1 when a chain did not get
 * it within `--timeout`.
 */
export const canary = defineCommand({
  path: ['canary'],
  ...declared,
  async run(options, logger) {
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const rpcUrls = await resolveRpcUrls(config, options.rpc);
    const reporter = await reporterAccount(config);
    if (!reporter) {
      throw new LockstepError('the config names no reporter key (keys.reporter): a canary is sent by a hub reporter', {
        docsPath: '#canary',
      });
    }
    const hubNetwork = config.networks.find((n) => n.role === 'hub');
    const { addresses } = await readDeployment({
      network: hubNetwork?.name ?? '',
      ...(options.root ? { root: options.root } : {}),
    });
    const hubClient = reporterHubClient(config, reporter, rpcUrls);
    if (!addresses.hub || !hubClient) throw new LockstepError('the hub deployment has no GovernanceHub address');
    const sent = await sendCanary(hubClient, { hub: addresses.hub });
    const names = new Map(config.networks.map((n) => [n.chainId, n.name]));
    const nameOf = (chainId: number) => names.get(chainId) ?? `chain ${chainId}`;
    logger.info(`canary ${sent.canaryId} sent to ${sent.messages.map((m) => nameOf(m.chainId)).join(', ')}`);
    const clients = Object.fromEntries(
      [...createNetworkClients(config, reporter, rpcUrls)].map(([chainId, entry]) => [chainId, entry.client]),
    );
    const announced = new Set<number>();
    let latest: readonly CanaryDelivery[] = [];
    const waited = await waitForCanary({
      canary: sent,
      receiver: addresses.receiver,
      clients,
      timeoutMs: options.timeout * 1000,
      pollMs: options['poll-interval'],
      onProgress: (seen) => {
        latest = seen;
        for (const d of seen) {
          if (!d.delivered || announced.has(d.chainId)) continue;
          announced.add(d.chainId);
          logger.success(`${nameOf(d.chainId)}: delivered after ${d.latencySeconds} s`);
        }
      },
    }).catch((error: unknown) => {
      if (!(error instanceof CanaryNotDeliveredError)) throw error;
      logger.fail(error.shortMessage);
      return undefined;
    });
    const deliveries = waited ?? latest;
    const result = {
      canaryId: sent.canaryId,
      sentAt: sent.sentAt,
      transactionHash: sent.transactionHash,
      complete: waited !== undefined,
      chains: deliveries.map((d) => ({ network: nameOf(d.chainId), ...fields(d) })),
    };
    logger.result(result, () => human(sent.canaryId, deliveries, nameOf));
    return waited ? 0 : 1;
  },
});

function fields(delivery: CanaryDelivery) {
  if (!delivery.delivered) return { chainId: delivery.chainId, messageId: delivery.messageId, delivered: false };
  const { chainId, messageId, deliveredAt, blockNumber, transactionHash, latencySeconds } = delivery;
  return { chainId, messageId, delivered: true, deliveredAt, blockNumber, transactionHash, latencySeconds };
}

function human(canaryId: string, deliveries: readonly CanaryDelivery[], nameOf: (chainId: number) => string): string {
  const rows = deliveries.map((d) => [
    nameOf(d.chainId),
    String(d.chainId),
    d.delivered ? `${d.latencySeconds} s` : 'not delivered',
    d.messageId,
  ]);
  return [`canary ${canaryId}`, table(['network', 'chain id', 'latency', 'message id'], rows)].join('\n');
}
