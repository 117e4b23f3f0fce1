import { writeFile } from 'node:fs/promises';
import { LockstepError } from '@lockstep/core/errors';
import { readProposalFile } from '@lockstep/core/proposal';
import { approvalBatch, safeDomainType, safeMessageHash, safeMessageTypedData } from '@lockstep/core/safe';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, flag, positional, stringFlag } from '../flags.js';
import { addressSchema } from '../shared/council-context.js';

const declared = commandFlags({
  file: positional(z.string().min(1), 'the proposal file (proposed on the council: it has a proposal id)'),
  safe: stringFlag(addressSchema, '<address>', 'the Safe that is a council member (required)'),
  out: flag(
    { type: 'string', short: 'o' },
    z.string().min(1).optional(),
    '<file>',
    'write the Transaction Builder batch here (default: print it)',
  ),
  'message-out': stringFlag(
    z.string().min(1).optional(),
    '<file>',
    'also write the SafeMessage typed data owners sign (the ERC-1271 route; eth_signTypedData_v4 JSON)',
  ),
  ...commonFlags,
});

/**
 * `lockstep proposal safe-export <file> --safe <address>`: the Safe{Wallet} Transaction Builder
 * batch that approves the proposal from the Safe (`SecurityCouncil.approve(proposalId)`), and the
 * SafeMessage its owners sign for the ERC-1271 route (`lockstep proposal safe-import`). Offline.
 */
export const proposalSafeExport = defineCommand({
  path: ['proposal', 'safe-export'],
  positionals: ['file'],
  ...declared,
  async run(options, logger) {
    const document = await readProposalFile(options.file);
    const { submission, council } = document;
    if (!submission) {
      throw new LockstepError(`${options.file} is a draft: propose it on the council first (it has no proposal id)`);
    }
    const batch = approvalBatch({
      chainId: council.chainId,
      council: council.address,
      proposalId: submission.proposalId,
      safe: options.safe,
      name: `Approve: ${document.title}`.slice(0, 120),
      description: `SecurityCouncil.approve(${submission.proposalId}) on council ${council.address} (chain ${council.chainId}); approval digest ${submission.digest}`,
      createdAt: Date.now(),
    });
    const message = safeMessageTypedData({ safe: options.safe, chainId: council.chainId, digest: submission.digest });
    const hash = safeMessageHash({ safe: options.safe, chainId: council.chainId, digest: submission.digest });
    const batchJson = `${JSON.stringify(batch, null, 2)}\n`;
    if (options.out) {
      await writeFile(options.out, batchJson);
      logger.success(`Transaction Builder batch written to ${options.out} (checksum ${batch.meta.checksum})`);
    }
    if (options['message-out']) {
      const json = { ...message, types: { EIP712Domain: safeDomainType, ...message.types } };
      await writeFile(options['message-out'], `${JSON.stringify(json, null, 2)}\n`);
      logger.success(`SafeMessage typed data written to ${options['message-out']}`);
    }
    logger.info(
      [
        `Safe ${options.safe} approves ${submission.proposalId} either way:`,
        '  1. Transaction Builder: import the batch in Safe{Wallet} → owners confirm → execute',
        `  2. ERC-1271: owners sign the message ${submission.digest} (Safe{Wallet}: sign message),`,
        `     SafeMessage hash ${hash}; then \`lockstep proposal safe-import ${options.file} --safe ${options.safe} --signatures <file>\``,
      ].join('\n'),
    );
    logger.result({ batch, safeMessage: { typedData: message, hash } }, () =>
      options.out ? `${options.out}` : batchJson.trimEnd(),
    );
    return 0;
  },
});
