import { readFile } from 'node:fs/promises';
import { LockstepError } from '@lockstep/core/errors';
import { assertGatesPassed, PROPOSAL_GATES } from '@lockstep/core/gates';
import {
  buildProposalDraft,
  type DraftActionInput,
  type ProposalDocument,
  readProposalFile,
  submitProposal,
  writeProposalFile,
} from '@lockstep/core/proposal';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { stringFlag } from '../flags.js';
import type { Logger } from '../logger.js';
import { table } from '../logger.js';
import {
  addressSchema as address,
  type CouncilContext,
  councilAccount,
  councilContext,
  signerOptions,
} from '../shared/council-context.js';
import {
  deploymentLabels,
  describeGates,
  gateProposalFile,
  overrideFlag,
  proposalCouncilContext,
  runProposalGates,
} from '../shared/proposal-file.js';

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 32 bytes of hex');
const artifactId = z.string().regex(/^[^:]+\.sol:[A-Za-z_$][A-Za-z0-9_$]*$/, 'expected "path/File.sol:Contract"');

/**
 * One line of `--actions`: a chain (by network name or id), the proxy, the implementation it runs
 * now (optional: read from that chain's receiver registry) and its new implementation; for the
 * proposal file a label and the Foundry artifacts of both implementations (for the gates).
 */
const actionSchema = z
  .strictObject({
    network: z.string().min(1).optional(),
    chainId: z.number().int().positive().optional(),
    proxy: address,
    label: z.string().min(1).optional(),
    previousImplementation: address.optional(),
    implementation: address,
    codehash: hex32.optional(),
    data: z
      .string()
      .regex(/^0x([0-9a-fA-F]{2})*$/, 'expected hex bytes')
      .optional(),
    artifacts: z.strictObject({ previous: artifactId.optional(), implementation: artifactId.optional() }).optional(),
  })
  .refine((a) => (a.network === undefined) !== (a.chainId === undefined), 'give exactly one of network and chainId');
const actionsSchema = z.array(actionSchema).min(1);

const declared = signerOptions({
  actions: stringFlag(
    z.string().min(1).optional(),
    '<file>',
    'JSON: [{ network | chainId, proxy, label?, previousImplementation?, implementation,',
    'codehash?, data?, artifacts?: { previous?, implementation? } }]',
    "(codehash default: the implementation's extcodehash on its chain;",
    'previousImplementation default: what the proxy runs now, from the',
    "chain's receiver registry; a stale one or an unregistered proxy is refused;",
    'artifacts: forge artifact ids "path/File.sol:Contract", for the safety gates)',
  ),
  draft: stringFlag(
    z.string().min(1).optional(),
    '<file>',
    'write a proposal file (a draft: nothing is sent) from --actions, for review',
  ),
  file: stringFlag(
    z.string().min(1).optional(),
    '<file>',
    'propose the draft in this proposal file and record the submission in it',
  ),
  out: stringFlag(z.string().min(1).optional(), '<file>', 'with --actions: also write the submitted proposal file'),
  title: stringFlag(z.string().min(1).max(200).optional(), '<text>', "the proposal file's title (with --draft, --out)"),
  description: stringFlag(z.string().default(''), '<text>', 'what the upgrade does and why (markdown)'),
  'rollback-plan': stringFlag(z.string().min(1).optional(), '<text>', 'how to undo the upgrade if it goes wrong'),
  ...overrideFlag,
  'audit-hash': stringFlag(hex32.optional(), '<h>', 'hash of the audit report (32 bytes hex; required with --actions)'),
  'audit-uri': stringFlag(z.string().max(512).default(''), '<u>', 'where the audit report is'),
});

type Options = z.output<typeof declared.schema>;

/**
 * `lockstep propose`: proposes an upgrade from a JSON file of actions, or writes it as a proposal
 * file (`--draft`) to review and propose later (`--file`). The safety gates run first every time;
 * a failed one (not overridden with a reason) stops before anything is sent.
 */
export const propose = defineCommand({
  path: ['propose'],
  ...declared,
  async run(options, logger) {
    if (options.file !== undefined) {
      if (options.actions !== undefined || options.draft !== undefined || options.out !== undefined) {
        throw new UsageError('--file submits a proposal file: give it without --actions, --draft and --out', {
          usage: 'lockstep propose --file <proposal.json> --member <i>',
        });
      }
      return submitFile(options.file, options, logger);
    }
    if (options.actions === undefined || options['audit-hash'] === undefined) {
      throw new UsageError('give --actions <file> and --audit-hash <h> (or --file <proposal.json>)', {
        usage: 'lockstep propose --actions <file> --audit-hash <h> [--draft <file> --title <text>]',
      });
    }
    if ((options.draft !== undefined || options.out !== undefined) && options.title === undefined) {
      throw new UsageError('a proposal file needs a title: give --title', {
        usage: 'lockstep propose --actions <file> --audit-hash <h> --draft <file> --title <text>',
      });
    }
    const context = await councilContext(options);
    const draft = await draftFromActions(context, options, options.actions, options['audit-hash']);
    const gated = await runProposalGates(context, draft, options.override);
    if (options.draft !== undefined) {
      // Written even when a gate failed: the reviewers see the failure; nothing is sent either way.
      await writeProposalFile(options.draft, gated);
      logger.info(describeGates(gated.gates));
      assertGatesPassed(gated.gates, PROPOSAL_GATES);
      logger.success(`wrote the draft ${options.draft} — review it, then \`lockstep propose --file ${options.draft}\``);
      logger.result({ file: options.draft, document: gated }, () => describeDraft(context, gated));
      return 0;
    }
    assertGatesPassed(gated.gates, PROPOSAL_GATES);
    const submitted = await send(context, options, gated, logger);
    if (options.out !== undefined) {
      await writeProposalFile(options.out, submitted);
      logger.success(`wrote the proposal file ${options.out}`);
    }
    report(context, submitted, logger, options.out);
    return 0;
  },
});

async function submitFile(path: string, options: Options, logger: Logger): Promise<number> {
  const document = await readProposalFile(path);
  if (document.submission) {
    throw new LockstepError(
      `${path} was already proposed as ${document.submission.proposalId} — sign it with \`lockstep approve\``,
    );
  }
  const context = await proposalCouncilContext(options, document);
  const gated = await gateProposalFile(context, document, { path, overrides: options.override, logger });
  const submitted = await send(context, options, gated, logger);
  await writeProposalFile(path, submitted);
  logger.success(`recorded the submission in ${path}`);
  report(context, submitted, logger, path);
  return 0;
}

async function send(context: CouncilContext, options: Options, document: ProposalDocument, logger: Logger) {
  const client = await councilAccount(context, options);
  logger.info(
    `proposing ${document.actions.length} action(s) on council ${context.council} (${context.network}) as ${client.account.address}`,
  );
  const submitted = await submitProposal(client, { document, rpcUrls: context.rpcUrls });
  logger.success(`proposed ${submitted.submission?.proposalId} in ${submitted.submission?.txHash}`);
  return submitted;
}

function report(context: CouncilContext, document: ProposalDocument, logger: Logger, file?: string) {
  const submission = document.submission;
  if (!submission) throw new LockstepError('the proposal was not submitted');
  logger.result(
    {
      council: context.council,
      proposalId: submission.proposalId,
      hash: submission.txHash,
      nonce: submission.nonce,
      digest: submission.digest,
      actions: document.actions,
      expiresAt: submission.expiresAt,
      gates: document.gates,
      ...(file === undefined ? {} : { file }),
      document,
    },
    () =>
      [
        `proposal ${submission.proposalId} (nonce ${submission.nonce})`,
        `digest   ${submission.digest}`,
        actionsTable(context, document),
        describeGates(document.gates),
      ].join('\n'),
  );
}

function describeDraft(context: CouncilContext, document: ProposalDocument): string {
  return [`draft "${document.title}" (content hash ${document.contentHash})`, actionsTable(context, document)].join(
    '\n',
  );
}

function actionsTable(context: CouncilContext, document: ProposalDocument): string {
  return table(
    ['chain', 'proxy', 'previous implementation', 'implementation', 'codehash'],
    document.actions.map((a) => [
      context.names.get(a.chainId) ?? String(a.chainId),
      a.label ? `${a.label} ${a.proxy}` : a.proxy,
      a.previousImplementation,
      a.implementation,
      a.codehash,
    ]),
  );
}

async function draftFromActions(
  context: CouncilContext,
  options: Options,
  path: string,
  auditHash: string,
): Promise<ProposalDocument> {
  const labelOf = await deploymentLabels(context.network);
  const actions = await readActions(path, context.config.networks, labelOf);
  return buildProposalDraft(context.client, {
    council: { chainId: context.chainId, address: context.council },
    title: options.title ?? 'Upgrade proposal',
    description: options.description,
    audit: { hash: auditHash as `0x${string}`, uri: options['audit-uri'] },
    actions,
    ...(options['rollback-plan'] === undefined ? {} : { rollbackPlan: options['rollback-plan'] }),
    rpcUrls: context.rpcUrls,
  });
}

async function readActions(
  path: string,
  networks: readonly { name: string; chainId: number }[],
  labelOf: (address: `0x${string}`) => string | undefined,
): Promise<DraftActionInput[]> {
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
  return parsed.data.map(({ network, chainId, label, artifacts, ...action }) => {
    const known = networks.find((n) => (chainId === undefined ? n.name === network : n.chainId === chainId));
    const id = chainId ?? known?.chainId;
    if (id === undefined) throw new LockstepError(`${path}: no network named "${network}" in the config`);
    const name = label ?? labelOf(action.proxy);
    return {
      ...action,
      chainId: id,
      ...(known ? { network: known.name } : {}),
      ...(name === undefined ? {} : { label: name }),
      ...(artifacts === undefined ? {} : { artifacts }),
      codehash: action.codehash as `0x${string}` | undefined,
      data: action.data as `0x${string}` | undefined,
    };
  });
}
