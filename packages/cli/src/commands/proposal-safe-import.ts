import { readProposalFile, writeProposalFile } from '@lockstep/core/proposal';
import { importSafeApproval } from '@lockstep/core/safe';
import { type Address, getAddress, type Hex, isAddress, isHex } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, listFlag, positional, stringFlag } from '../flags.js';
import { addressSchema } from '../shared/council-context.js';
import { proposalHubClient, proposalHubFlags } from '../shared/proposal-hub.js';
import { readSafeSignatures } from '../shared/safe-signatures.js';

const contractSignature = z
  .string()
  .transform((value) => value.split('='))
  .refine(
    (parts): parts is [string, string] => parts.length === 2 && isAddress(parts[0] ?? '') && isHex(parts[1]),
    'expected <owner address>=<0x signature>',
  )
  .transform(([owner, signature]) => ({ owner: getAddress(owner) as Address, signature: signature as Hex }));

const declared = commandFlags({
  file: positional(z.string().min(1), 'the proposal file to add the Safe’s signature to'),
  safe: stringFlag(addressSchema, '<address>', 'the Safe that is a council member (required)'),
  signatures: listFlag(
    z.array(z.string().min(1)).default([]),
    '<file|0x…>',
    "EOA owners' signatures of the SafeMessage (repeat): 0x hex, or a file of them (JSON array or one per line)",
  ),
  'contract-signature': listFlag(
    z.array(contractSignature).default([]),
    '<owner>=<0x…>',
    "a contract owner's signature (repeat), e.g. an owner Safe's: its owners sign the SafeMessage of the member Safe's message data under the owner Safe's domain",
  ),
  ...proposalHubFlags,
  ...commonFlags,
});

/**
 * `lockstep proposal safe-import <file> --safe <address> [--signatures <…>] [--contract-signature <owner>=<0x…>]`:
 * assembles the Safe's ERC-1271 approval from its owners' signatures of the SafeMessage (EOA owners'
 * ECDSA signatures, contract owners' signatures, and the owners that approved its hash on the Safe
 * with `approveHash`, read on chain), sorted by owner as the Safe reads them, checks it with the
 * Safe's `isValidSignature` on the hub, and files it in the proposal as `{signer: safe, scheme:
 * "erc1271"}` for `lockstep approve --submit`.
 */
export const proposalSafeImport = defineCommand({
  path: ['proposal', 'safe-import'],
  positionals: ['file'],
  ...declared,
  async run(options, logger) {
    const document = await readProposalFile(options.file);
    const signatures = await readSafeSignatures(options.signatures);
    const client = await proposalHubClient(document, options);
    const imported = await importSafeApproval(client, {
      document,
      safe: options.safe,
      signatures,
      contractSignatures: options['contract-signature'],
    });
    await writeProposalFile(options.file, imported.document);
    logger.success(
      `${options.safe} approves (ERC-1271, accepted by the Safe on chain ${document.council.chainId}): owners ${imported.signers.map((s) => `${s.owner} (${s.kind})`).join(', ')}; ${imported.threshold} required`,
    );
    logger.result(
      {
        file: options.file,
        safe: options.safe,
        owners: imported.owners,
        signers: imported.signers,
        threshold: imported.threshold,
        safeMessageHash: imported.safeMessageHash,
        signature: imported.signature,
      },
      () => `Safe signature added to ${options.file}: submit it with \`lockstep approve --submit\``,
    );
    return 0;
  },
});
