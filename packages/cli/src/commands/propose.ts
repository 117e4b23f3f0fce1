import { readFile } from 'node:fs/promises';
import { proposeUpgrade } from '@lockstep/core/council';
import { LockstepError } from '@lockstep/core/errors';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { stringFlag } from '../flags.js';
import { table } from '../logger.js';
import { addressSchema as address, councilAccount, councilContext, signerOptions } from '../shared/council-context.js';

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 32 bytes of hex');

/**
 * One line of `--actions`: a chain (by network name or id), the proxy, the implementation it runs
 * now (optional: read from that chain's receiver registry) and its new implementation.
 */
const actionSchema = z
  .strictObject({
    network: z.string().min(1).optional(),
    chainId: z.number().int().positive().optional(),
    proxy: address,
    previousImplementation: address.optional(),
    implementation: address,
    codehash: hex32.optional(),
    data: z
      .string()
      .regex(/^0x([0-9a-fA-F]{2})*$/, 'expected hex bytes')
      .optional(),
  })
  .refine((a) => (a.network === undefined) !== (a.chainId === undefined), 'give exactly one of network and chainId');
const actionsSchema = z.array(actionSchema).min(1);

/** `lockstep propose`: proposes an upgrade from a JSON file of actions. */
export const propose = defineCommand({
  path: ['propose'],
  summary: 'propose an upgrade of proxies on one or more chains (a council member signs)',
  ...signerOptions({
    actions: stringFlag(
      z.string().min(1),
      '<file>',
      'JSON: [{ network | chainId, proxy, previousImplementation?, implementation,',
      'codehash?, data? }]',
      "(codehash default: the implementation's extcodehash on its chain;",
      'previousImplementation default: what the proxy runs now, from the',
      "chain's receiver registry; a stale one or an unregistered proxy is refused)",
    ),
    'audit-hash': stringFlag(hex32, '<h>', 'hash of the audit report (32 bytes hex, required)'),
    'audit-uri': stringFlag(z.string().max(512).default(''), '<u>', 'where the audit report is'),
  }),
  async run(options, logger) {
    const context = await councilContext(options);
    const actions = await readActions(options.actions, context.config.networks);
    const client = await councilAccount(context, options);
    logger.info(
      `proposing ${actions.length} action(s) on council ${context.council} (${context.network}) as ${client.account.address}`,
    );
    const result = await proposeUpgrade(client, {
      council: context.council,
      actions,
      auditReportHash: options['audit-hash'] as `0x${string}`,
      auditReportUri: options['audit-uri'],
      rpcUrls: context.rpcUrls,
    });
    logger.success(`proposed ${result.proposalId} in ${result.hash}`);
    logger.result({ council: context.council, ...result }, () =>
      [
        `proposal ${result.proposalId}`,
        table(
          ['chain', 'proxy', 'previous implementation', 'implementation', 'codehash'],
          result.actions.map((a) => [
            context.names.get(a.chainId) ?? String(a.chainId),
            a.proxy,
            a.previousImplementation,
            a.implementation,
            a.codehash,
          ]),
        ),
      ].join('\n'),
    );
    return 0;
  },
});

async function readActions(path: string, networks: readonly { name: string; chainId: number }[]) {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new LockstepError(`cannot read the actions file ${path} — it must be a JSON array of actions`, { cause });
  }
  const parsed = actionsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new LockstepError(`${path} is not a valid list of actions`, { metaMessages: problems });
  }
  return parsed.data.map(({ network, chainId, ...action }) => {
    const id = chainId ?? networks.find((n) => n.name === network)?.chainId;
    if (id === undefined) throw new LockstepError(`${path}: no network named "${network}" in the config`);
    return {
      ...action,
      chainId: id,
      codehash: action.codehash as `0x${string}` | undefined,
      data: action.data as `0x${string}` | undefined,
    };
  });
}
