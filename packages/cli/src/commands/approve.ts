import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  approveOnChain,
  type DescribeApprovalReturnType,
  describeApproval,
  type SignedApproval,
  signApproval,
  submitApprovals,
} from '@lockstep/core/council';
import { LockstepError } from '@lockstep/core/errors';
import { getAddress, isAddressEqual } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { listFlag, stringFlag } from '../flags.js';
import { confirm, yesFlag } from '../shared/confirm.js';
import {
  type CouncilContext,
  councilAccount,
  councilContext,
  proposalIdSchema,
  signerOptions,
} from '../shared/council-context.js';

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const signedApprovalSchema = z.object({
  proposalId: hex,
  council: hex,
  chainId: z.number().int().positive(),
  digest: hex,
  signer: hex,
  signature: hex,
});

/**
 * `lockstep approve`: shows the member what it signs (domain, digest, actions per chain), asks for
 * confirmation, then approves on chain or writes an offline signature; `--submit` relays offline
 * signatures in one transaction.
 */
export const approve = defineCommand({
  path: ['approve'],
  summary: 'approve a proposal: on chain, as an offline signature (--signatures-out), or relay signatures (--submit)',
  ...signerOptions(
    { proposal: stringFlag(proposalIdSchema, '<id>', 'the proposal id (required)') },
    {
      afterKeys: {
        ...yesFlag,
        'signatures-out': stringFlag(
          z.string().min(1).optional(),
          '<file>',
          'sign offline and add the signature to <file> (a JSON array); no transaction',
        ),
        submit: listFlag(
          z.array(z.string().min(1)).min(1).optional(),
          '<file>',
          'submit the signatures in <file> in one transaction (repeat for more files)',
        ),
      },
    },
  ),
  async run(options, logger) {
    const context = await councilContext(options);
    const proposalId = options.proposal;
    if (options.submit) {
      const approvals = (await Promise.all(options.submit.map(readSignatures))).flat();
      for (const a of approvals) checkSignedFor(a, context, proposalId);
      const client = await councilAccount(context, options, 'relayer');
      logger.info(`submitting ${approvals.length} signature(s) in one transaction as ${client.account.address}`);
      const result = await submitApprovals(client, { council: context.council, proposalId, approvals });
      logger.success(`approvals recorded in ${result.hash}: ${result.approvals} in total`);
      logger.result(
        { step: 'submitted', ...result },
        () => `${result.approvals} approval(s); signers ${result.signers.join(', ')}`,
      );
      return 0;
    }

    const client = await councilAccount(context, options);
    const described = await describeApproval(context.client, {
      council: context.council,
      proposalId,
      rpcUrls: context.rpcUrls,
    });
    logger.info(describe(described, context, client.account.address));
    await confirm({
      yes: options.yes,
      action: 'sign',
      question: `Sign the approval of ${described.proposalId}? Type "yes" to sign: `,
      declined: 'not signed: the approval was not confirmed',
    });

    if (options['signatures-out']) {
      const signed = await signApproval(client.account, described);
      await appendSignature(options['signatures-out'], signed);
      logger.success(`signed; signature added to ${options['signatures-out']}`);
      logger.result({ step: 'signed', ...signed }, () => signed.signature);
      return 0;
    }
    const result = await approveOnChain(client, { council: context.council, proposalId });
    logger.success(`approved in ${result.hash}: ${result.approvals} approval(s)`);
    logger.result({ step: 'approved', ...result }, () => `${result.approvals} approval(s)`);
    return 0;
  },
});

/** The description a member reads before signing: domain, message, digest, actions per chain. */
function describe(d: DescribeApprovalReturnType, context: CouncilContext, signer: string): string {
  const { domain, message } = d.typedData;
  const lines = [
    `You are about to approve, as ${signer}:`,
    `  proposal   ${d.proposalId} (${d.kind}, ${d.status}, expires ${new Date(d.expiresAt * 1000).toISOString()})`,
    `  domain     name "${domain.name}", version "${domain.version}", chainId ${domain.chainId}, verifyingContract ${domain.verifyingContract}`,
    `  message    Approval(proposalId ${message.proposalId}, kind ${message.kind})`,
    `  digest     ${d.digest} (equal to the council's approvalDigest)`,
  ];
  if (d.kind !== 'upgrade') lines.push(`  call       ${d.call.target} ${d.call.data}`);
  for (const chain of d.chains) {
    lines.push(`  on ${context.names.get(chain.chainId) ?? 'chain'} (chain ${chain.chainId}):`);
    for (const a of chain.actions) {
      const check =
        a.codehashCheck.status === 'match'
          ? 'code matches'
          : a.codehashCheck.status === 'mismatch'
            ? `CODE MISMATCH: on chain ${a.codehashCheck.actual}`
            : a.codehashCheck.status === 'no-code'
              ? 'NO CODE at the implementation'
              : 'not checked (no RPC for this chain)';
      const previous =
        a.previousImplementationCheck.status === 'current'
          ? 'the proxy runs it now'
          : a.previousImplementationCheck.status === 'stale'
            ? `STALE: the proxy runs ${a.previousImplementationCheck.actual}, the upgrade will be refused`
            : a.previousImplementationCheck.status === 'not-registered'
              ? 'PROXY NOT REGISTERED on this chain'
              : 'not checked (no RPC for this chain)';
      lines.push(`    proxy ${a.proxy} → implementation ${a.implementation}`);
      lines.push(`      replaces ${a.previousImplementation} [${previous}]`);
      lines.push(`      codehash ${a.codehash} [${check}]${a.data === '0x' ? '' : ` data ${a.data}`}`);
    }
  }
  return lines.join('\n');
}

async function readSignatures(path: string): Promise<SignedApproval[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new LockstepError(
      `cannot read signatures from ${path} — write it with \`lockstep approve --signatures-out\``,
      {
        cause,
      },
    );
  }
  const parsed = z.array(signedApprovalSchema).safeParse(Array.isArray(json) ? json : [json]);
  if (!parsed.success) throw new LockstepError(`${path} does not hold approval signatures`, { cause: parsed.error });
  return parsed.data.map((s) => ({
    ...s,
    proposalId: s.proposalId as `0x${string}`,
    council: getAddress(s.council),
    digest: s.digest as `0x${string}`,
    signer: getAddress(s.signer),
    signature: s.signature as `0x${string}`,
  }));
}

function checkSignedFor(signed: SignedApproval, context: CouncilContext, proposalId: string): void {
  if (
    signed.proposalId !== proposalId ||
    !isAddressEqual(signed.council, context.council) ||
    signed.chainId !== context.chainId
  ) {
    throw new LockstepError(
      `the signature of ${signed.signer} is for proposal ${signed.proposalId} on council ${signed.council} (chain ${signed.chainId}), not ${proposalId} on ${context.council} (chain ${context.chainId})`,
    );
  }
}

async function appendSignature(path: string, signed: SignedApproval): Promise<void> {
  const existing = await readSignatures(path).catch((error: unknown) => {
    if ((error as { cause?: NodeJS.ErrnoException }).cause?.code === 'ENOENT') return [];
    throw error;
  });
  const others = existing.filter(
    (s) => !(isAddressEqual(s.signer, signed.signer) && s.proposalId === signed.proposalId),
  );
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify([...others, signed], null, 2)}\n`);
  await rename(tmp, path);
}
