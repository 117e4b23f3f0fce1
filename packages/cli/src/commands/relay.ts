import { isLocalConfig, type LockstepConfig, loadConfig, resolveKey } from '@lockstep/core/config';
import { adapterAddress, readDeployment, resolveDeployerKey } from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import {
  type AttestationSource,
  createNetworkClients,
  createRelayer,
  httpAttestationSource,
  localAttestationSource,
  type RelayerEvent,
  type RelayRoundResult,
} from '@lockstep/core/relay';
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
import { errorFields, type Logger, type LogLevel } from '../logger.js';
import { acknowledgement } from '../shared/acknowledgement.js';
import { checkChains } from '../shared/check-chains.js';
import { emergencyLine, emergencyWarning } from '../shared/emergency-report.js';
import { checkReporter, reporterAccount } from '../shared/reporter.js';
import { resolveRpcUrls } from '../shared/rpc-urls.js';

const declared = commandFlags(
  {
    'guardian-url': listFlag(
      z.array(z.url()).default([]),
      '<u>',
      'a guardian node (repeat for each); GET <u>/attestations/<messageId>',
    ),
    'local-guardians': booleanFlag(
      z.boolean().default(false),
      'sign with the config’s guardian keys (local configs only)',
    ),
    ...rpcFlag,
    once: booleanFlag(z.boolean().default(false), 'one round, then exit (default: poll until SIGINT/SIGTERM)'),
    'poll-interval': stringFlag(
      z.coerce.number().int().min(100).default(5000),
      '<ms>',
      'pause between rounds (default: 5000)',
    ),
    'from-block': stringFlag(fromBlockSchema, '<n>', 'first hub block to scan (default: 0)'),
    ...rootFlag,
    ...configFlag,
    ...commonFlags,
  },
  {
    notesAfter: {
      root: [
        '    (with keys.reporter in the config, each round also acknowledges Queued/Executed on the hub)',
        '    (a delivered pause/unpause lists every target’s outcome; targets not registered, failed or',
        '     stale are named in a warning line, and in --json under warnings)',
      ],
    },
  },
);

/** `lockstep relay`: deliver every hub message to its destination, exactly once. */
export const relay = defineCommand({
  path: ['relay'],
  ...declared,
  async run(options, logger) {
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const local = isLocalConfig(config);
    const rpcUrls = await resolveRpcUrls(config, options.rpc);
    const relayerKey = config.keys.relayer;
    if (!relayerKey) throw new LockstepError('the config names no relayer key (keys.relayer)', { docsPath: '#keys' });
    const account = await resolveKey(relayerKey, process.env, { allowTestMnemonic: local });
    const hubNetwork = config.networks.find((n) => n.role === 'hub');
    const { addresses } = await readDeployment({
      network: hubNetwork?.name ?? '',
      ...(options.root ? { root: options.root } : {}),
    });
    if (!addresses.hub) throw new LockstepError('the hub deployment has no GovernanceHub address');
    const guardianAdapter = adapterAddress(addresses, 'guardian');
    await checkChains(config.networks, rpcUrls, (n) => ({
      ...(n.role === 'hub' ? { hub: addresses.hub } : {}),
      receiver: addresses.receiver,
      guardianAdapter,
    }));
    const source = await attestationSource(config, options, account, rpcUrls, guardianAdapter);
    const names = new Map(config.networks.map((n) => [n.chainId, n.name]));
    const reporter = await reporterAccount(config);
    const check = await checkReporter(config, reporter, rpcUrls);
    logger.event(check.warning ? 'warn' : 'info', 'reporter', {
      reporter: check.reporter ?? null,
      message: check.message,
    });
    const relayer = createRelayer({
      config,
      account,
      rpcUrls,
      source,
      pollIntervalMs: options['poll-interval'],
      fromBlock: options['from-block'],
      addresses: { hub: addresses.hub, receiver: addresses.receiver, adapters: addresses.adapters },
      ...(reporter ? { reporter } : {}),
      onEvent: (event) => logEvent(logger, event, names),
    });
    if (options.once) {
      const result = await relayer.runOnce();
      logger.result(summary(result, names), () => human(result, names));
      return result.failed.length > 0 ? 1 : 0;
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await relayer.run(controller.signal);
    logger.result({ stopped: true }, () => 'relayer stopped');
    return 0;
  },
});

async function attestationSource(
  config: LockstepConfig,
  options: z.output<typeof declared.schema>,
  account: Parameters<typeof createNetworkClients>[1],
  rpcUrls: Record<string, string>,
  adapter: `0x${string}`,
): Promise<AttestationSource> {
  if (options['local-guardians']) {
    if (!isLocalConfig(config)) {
      throw new LockstepError('--local-guardians signs with configured keys: only for local configs');
    }
    const keys = await Promise.all(
      (config.keys.guardians ?? []).map(
        async (source) => (await resolveDeployerKey(source, process.env, { allowTestMnemonic: true })).privateKey,
      ),
    );
    const clients = Object.fromEntries(
      [...createNetworkClients(config, account, rpcUrls)].map(([chainId, entry]) => [chainId, entry.client]),
    );
    return localAttestationSource({ keys, adapter, clients });
  }
  if (options['guardian-url'].length === 0) {
    throw new LockstepError('no attestation source: pass --guardian-url (repeat per guardian) or --local-guardians');
  }
  return httpAttestationSource(options['guardian-url']);
}

/**
 * One structured log line (JSON) per relayer event, on stderr; a delivered emergency with targets
 * left not as asked adds a warning line naming them.
 */
function logEvent(logger: Logger, event: RelayerEvent, names: ReadonlyMap<number, string>): void {
  if (event.type === 'acknowledged') {
    logger.event('info', event.type, acknowledgement(event.report));
    return;
  }
  const { type, ...fields } = event.type === 'delivered' ? deliveredFields(event) : event;
  logger.event(RELAY_LEVELS[type] ?? 'info', type, fields);
  if (event.type === 'delivered' && event.emergency) {
    const warning = emergencyWarning(names.get(event.chainId) ?? event.network, event.messageId, event.emergency);
    if (warning) logger.warn(warning);
  }
}

/** A delivery's log fields: the GuardianAdapter's set index in place of the adapter's whole detail. */
function deliveredFields(event: Extract<RelayerEvent, { type: 'delivered' }>) {
  const { detail, emergency, ...fields } = event;
  return { ...fields, guardianSetIndex: detail.guardianSetIndex, ...(emergency ? { emergency } : {}) };
}

/** Relayer events that are not plain progress. */
const RELAY_LEVELS: Partial<Record<RelayerEvent['type'], LogLevel>> = {
  failed: 'error',
  'round-failed': 'error',
  'acknowledge-failed': 'warn',
  'unknown-destination': 'warn',
  'not-on-hub': 'warn',
};

/** Warnings for every delivered emergency that left targets not as asked. */
function warnings(result: RelayRoundResult, names: ReadonlyMap<number, string>): string[] {
  return result.delivered.flatMap((d) => {
    const warning =
      d.emergency && emergencyWarning(names.get(d.chainId) ?? String(d.chainId), d.messageId, d.emergency);
    return warning ? [warning] : [];
  });
}

function summary(result: RelayRoundResult, names: ReadonlyMap<number, string>) {
  return {
    delivered: result.delivered,
    warnings: warnings(result, names),
    skipped: result.skipped,
    failed: result.failed.map((f) => ({ chainId: f.chainId, messageId: f.messageId, error: errorFields(f.error) })),
    notOnHub: result.notOnHub.map((n) => ({ ...n, finalBlock: n.finalBlock.toString() })),
    acknowledged: result.acknowledged.map(acknowledgement),
  };
}

function human(result: RelayRoundResult, names: ReadonlyMap<number, string>): string {
  const marked = result.acknowledged.filter((r) => r.outcome === 'marked').length;
  const unacknowledged = result.acknowledged.filter((r) => r.outcome === 'failed').length;
  const hub =
    result.acknowledged.length > 0 ? `; hub acknowledged ${marked}, acknowledgement failed ${unacknowledged}` : '';
  const problems = warnings(result, names);
  const lines = [
    `delivered ${result.delivered.length}, already on chain ${result.skipped.length}, failed ${result.failed.length}${hub}${problems.length ? `; ${problems.length} emergency delivery(ies) with targets NOT handled` : ''}`,
  ];
  for (const d of result.delivered) {
    if (d.emergency) lines.push(`  ${emergencyLine(names.get(d.chainId) ?? String(d.chainId), d.emergency)}`);
  }
  for (const warning of problems) lines.push(`WARNING: ${warning}`);
  return lines.join('\n');
}
