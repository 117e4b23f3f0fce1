import { approveOnChain, describeApproval, signApproval, submitApprovals } from '@lockstep/core/council';
import { LockstepError } from '@lockstep/core/errors';
import {
  addProposalSignatures,
  describeProposal,
  type ImportedSignature,
  proposalTypedDataDocument,
  type ReadableProposal,
  readProposalFile,
  writeProposalFile,
} from '@lockstep/core/proposal';
import { writeFileAtomic } from '@lockstep/core/signing';
import type { Hex } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { listFlag, stringFlag } from '../flags.js';
import type { Logger } from '../logger.js';
import {
  appendSignature,
  councilMembership,
  describeFileApproval,
  readImportFile,
  readSubmitFile,
} from '../shared/approval-files.js';
import { confirm, yesFlag } from '../shared/confirm.js';
import {
  addressSchema,
  type CouncilContext,
  councilAccount,
  councilContext,
  proposalIdSchema,
  signerOptions,
} from '../shared/council-context.js';
import { knownLabels, readableLines } from '../shared/readable-proposal.js';

const file = z.string().min(1).optional();
const signatureSchema = z.string().regex(/^0x[0-9a-fA-F]*$/, 'expected a 0x-prefixed hex signature');

const declared = signerOptions(
  {
    proposal: stringFlag(proposalIdSchema.optional(), '<id>', 'the proposal id (or --proposal-file)'),
    'proposal-file': stringFlag(
      file,
      '<file>',
      'the proposal file: checked against the council, shown readably; the signature is appended to it',
    ),
  },
  {
    afterKeys: {
      ...yesFlag,
      'signatures-out': stringFlag(
        file,
        '<file>',
        'sign offline and add the signature to <file> (a JSON array); no transaction',
      ),
      'typed-data-out': stringFlag(
        file,
        '<json>',
        'with --proposal-file: write the EIP-712 typed data to sign elsewhere (cast wallet sign --data',
        '--from-file, a hardware wallet, any EIP-712 library); signs nothing',
      ),
      'import-signature': listFlag(
        z.array(signatureSchema).optional(),
        '<0x…>',
        'with --proposal-file: add a signature made elsewhere over the typed data (repeat)',
      ),
      signer: stringFlag(
        addressSchema.optional(),
        '<addr>',
        'the signer of --import-signature (default: the council member it recovers to)',
      ),
      import: listFlag(
        z.array(z.string().min(1)).optional(),
        '<file>',
        'with --proposal-file: add the signatures in <file> ([{ "signer", "signature" }]; repeat)',
      ),
      submit: listFlag(
        z.array(z.string().min(1)).min(1).optional(),
        '<file>',
        'submit the signatures of a proposal file or a --signatures-out file in one transaction (repeat)',
      ),
    },
  },
);

type Options = z.output<typeof declared.schema>;

/**
 * `lockstep approve`: shows the member what it signs (domain, digest, the decoded actions per chain
 * with every address labelled and control changes flagged), asks for confirmation, then approves
 * on chain or signs offline (into the proposal file, or --signatures-out); exports the typed data
 * for an external signer and imports its signature; `--submit` relays the signatures in one
 * transaction.
 */
export const approve = defineCommand({
  path: ['approve'],
  ...declared,
  async run(options, logger) {
    const path = options['proposal-file'];
    const imports = [...(options['import-signature'] ?? []), ...(options.import ?? [])];
    const fileOnly = Boolean(options['typed-data-out'] || imports.length > 0);
    if (fileOnly && !path) {
      throw usageError('--typed-data-out, --import-signature and --import need --proposal-file <file>');
    }
    if (options.submit && path) throw usageError('pass the proposal file to --submit, not --proposal-file');
    if (path && options['signatures-out']) {
      throw usageError('a proposal file holds its own signatures — drop --signatures-out (or use --proposal <id>)');
    }
    if (!options.submit && !path && !options.proposal) {
      throw usageError('name the proposal: --proposal-file <file> or --proposal <id>');
    }
    const context = await councilContext(options);
    if (options.submit) return submit(context, options, logger);
    if (path) return fileApproval(context, path, options, logger);
    return idApproval(context, options.proposal as Hex, options, logger);
  },
});

function usageError(message: string): UsageError {
  return new UsageError(message, { usage: ['usage: lockstep approve [flags]', '', ...declared.help].join('\n') });
}

/** `--submit`: the signatures of proposal files and --signatures-out files, in one transaction. */
async function submit(context: CouncilContext, options: Options, logger: Logger): Promise<number> {
  const files = await Promise.all((options.submit ?? []).map(async (f) => ({ path: f, ...(await readSubmitFile(f)) })));
  const ids = new Set<Hex>();
  if (options.proposal) ids.add(options.proposal);
  for (const f of files) {
    if (f.document?.submission) ids.add(f.document.submission.proposalId);
    else if (f.document) throw new LockstepError(`${f.path} is a draft: propose it first, then collect signatures`);
    for (const a of f.approvals) if (a.proposalId) ids.add(a.proposalId);
  }
  const [proposalId, ...others] = [...ids];
  if (!proposalId) throw new LockstepError('name the proposal: --proposal <id> (the signature files do not say)');
  if (others.length > 0) {
    throw new LockstepError(
      `the files hold signatures of ${ids.size} proposals (${[...ids].join(', ')}) — submit one at a time`,
    );
  }
  for (const f of files) {
    if (f.document) {
      const { council } = f.document;
      if (council.address !== context.council || council.chainId !== context.chainId) {
        throw new LockstepError(
          `${f.path} is for council ${council.address} on chain ${council.chainId}, not ${context.council} on chain ${context.chainId} — pass --network/--council`,
        );
      }
    }
    for (const a of f.approvals) checkSignedFor(a, context, f.path);
  }
  // A contract member's (a Safe's) entry keeps its scheme: the council checks it with ERC-1271.
  const approvals = files.flatMap((f) =>
    f.approvals.map(({ signer, signature, scheme }) => ({ signer, signature, scheme })),
  );
  if (approvals.length === 0) throw new LockstepError('the files hold no signatures to submit');
  const client = await councilAccount(context, options, 'relayer');
  logger.info(`submitting ${approvals.length} signature(s) in one transaction as ${client.account.address}`);
  const result = await submitApprovals(client, { council: context.council, proposalId, approvals });
  logger.success(`approvals recorded in ${result.hash}: ${result.approvals} in total`);
  logger.result(
    { step: 'submitted', proposalId, ...result },
    () => `${result.approvals} approval(s); signers ${result.signers.join(', ')}`,
  );
  return 0;
}

function checkSignedFor(
  signed: { signer: string; proposalId?: Hex; council?: string; chainId?: number },
  context: CouncilContext,
  path: string,
): void {
  if (signed.council === undefined) return;
  if (signed.council.toLowerCase() !== context.council.toLowerCase() || signed.chainId !== context.chainId) {
    throw new LockstepError(
      `${path}: the signature of ${signed.signer} is for council ${signed.council} (chain ${signed.chainId}), not ${context.council} (chain ${context.chainId})`,
    );
  }
}

/** `--proposal-file`: export the typed data, import signatures, or sign into the file. */
async function fileApproval(context: CouncilContext, path: string, options: Options, logger: Logger): Promise<number> {
  const document = await readProposalFile(path);
  const { described, readable, proposalId } = await describeFileApproval(context, document, path);
  const imports: ImportedSignature[] = [
    ...(options['import-signature'] ?? []).map((signature) => ({
      signature: signature as Hex,
      ...(options.signer ? { signer: options.signer } : {}),
    })),
    ...(await Promise.all((options.import ?? []).map(readImportFile))).flat(),
  ];
  const base = { file: path, proposalId, digest: described.digest, description: readable };

  if (options['typed-data-out']) {
    logger.info(
      ['You are exporting, for an external signer, the approval of:', ...readableLines(readable, note)].join('\n'),
    );
    const typedData = proposalTypedDataDocument(document, path);
    await writeFileAtomic(options['typed-data-out'], `${JSON.stringify(typedData, null, 2)}\n`, 0o644);
    logger.success(`typed data written to ${options['typed-data-out']}: sign it, then --import-signature`);
    logger.result(
      { step: 'exported', ...base, typedDataFile: options['typed-data-out'], typedData },
      () => options['typed-data-out'] ?? '',
    );
    return 0;
  }

  if (imports.length > 0) {
    logger.info(['Importing signatures of:', ...readableLines(readable, note)].join('\n'));
    const result = await addProposalSignatures(document, imports, {
      isMember: councilMembership(context),
      source: path,
    });
    await writeProposalFile(path, result.document);
    for (const s of result.added) logger.success(`${s.signer}: signature checked and added to ${path}`);
    for (const s of result.unchanged) logger.info(`${s}: the file already holds this signature`);
    return done(logger, 'imported', base, result.added, result.document.signatures.length);
  }

  const client = await councilAccount(context, options);
  await showAndConfirm(logger, readable, client.account.address, `${described.kind}, ${described.status}`, options.yes);
  const signed = await signApproval(client.account, described);
  const result = await addProposalSignatures(document, [signed], { source: path });
  await writeProposalFile(path, result.document);
  logger.success(`signed; signature added to ${path}`);
  return done(logger, 'signed', base, result.added, result.document.signatures.length, signed.signature);
}

function done(
  logger: Logger,
  step: 'signed' | 'imported',
  base: { file: string; proposalId: Hex; digest: Hex; description: ReadableProposal },
  added: { signer: string; signature: Hex }[],
  total: number,
  signature?: Hex,
): number {
  logger.result(
    { step, ...base, added, signatures: total, ...(signature ? { signer: added[0]?.signer, signature } : {}) },
    () => signature ?? `${added.length} signature(s) added; ${total} in ${base.file}`,
  );
  return 0;
}

const note = "recomputed from the file and equal to the council's approvalDigest";

/** `--proposal <id>`: read from the chain, then approve on chain or sign into --signatures-out. */
async function idApproval(context: CouncilContext, proposalId: Hex, options: Options, logger: Logger): Promise<number> {
  const client = await councilAccount(context, options);
  const described = await describeApproval(context.client, {
    council: context.council,
    proposalId,
    rpcUrls: context.rpcUrls,
  });
  const readable = describeProposal({
    typedData: described.typedData,
    digest: described.digest,
    actions: described.actions,
    labels: await knownLabels(context.config),
    networks: context.names,
  });
  const status = `${described.kind}, ${described.status}, expires ${new Date(described.expiresAt * 1000).toISOString()}`;
  const call = described.kind === 'upgrade' ? [] : [`  call       ${described.call.target} ${described.call.data}`];
  await showAndConfirm(logger, readable, client.account.address, status, options.yes, call);
  if (options['signatures-out']) {
    const signed = await signApproval(client.account, described);
    await appendSignature(options['signatures-out'], signed);
    logger.success(`signed; signature added to ${options['signatures-out']}`);
    logger.result({ step: 'signed', ...signed, description: readable }, () => signed.signature);
    return 0;
  }
  const result = await approveOnChain(client, { council: context.council, proposalId });
  logger.success(`approved in ${result.hash}: ${result.approvals} approval(s)`);
  logger.result({ step: 'approved', ...result, description: readable }, () => `${result.approvals} approval(s)`);
  return 0;
}

async function showAndConfirm(
  logger: Logger,
  readable: ReadableProposal,
  signer: string,
  status: string,
  yes: boolean,
  more: string[] = [],
): Promise<void> {
  const lines = readableLines(readable, "equal to the council's approvalDigest");
  logger.info(
    [
      `You are about to approve, as ${signer}:`,
      `  proposal   ${readable.message.proposalId} (${status})`,
      ...more,
      ...lines,
    ].join('\n'),
  );
  const flagged = readable.flags.length > 0 ? ` despite ${readable.flags.length} flag(s)` : '';
  await confirm({
    yes,
    action: 'sign',
    question: `Sign the approval of ${readable.message.proposalId}${flagged}? Type "yes" to sign: `,
    declined: 'not signed: the approval was not confirmed',
  });
}
