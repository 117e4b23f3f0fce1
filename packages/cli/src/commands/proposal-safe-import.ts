import { readProposalFile, writeProposalFile } from '@lockstep/core/proposal';
import { importSafeApproval } from '@lockstep/core/safe';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, listFlag, positional, stringFlag } from '../flags.js';
import { addressSchema } from '../shared/council-context.js';
import { proposalHubClient, proposalHubFlags } from '../shared/proposal-hub.js';
import { readSafeSignatures } from '../shared/safe-signatures.js';

const declared = commandFlags({
  file: positional(z.string().min(1), 'the proposal file to add the Safe’s signature to'),
  safe: stringFlag(addressSchema, '<address>', 'the Safe that is a council member (required)'),
  signatures: listFlag(
    z.array(z.string().min(1)).min(1),
    '<file|0x…>',
    "owners' signatures of the SafeMessage (repeat): 0x hex, or a file of them (JSON array or one per line)",
  ),
  ...proposalHubFlags,
  ...commonFlags,
});

/**
 * `lockstep proposal safe-import <file> --safe <address> --signatures <…>`: assembles the Safe's
 * ERC-1271 approval from its owners' signatures of the SafeMessage (sorted by owner, as the Safe
 * reads them), checks it with the Safe's `isValidSignature` on the hub, and files it in the
 * proposal as `{signer: safe, scheme: "erc1271"}` for `lockstep approve --submit`.
 */
export const proposalSafeImport = defineCommand({
  path: ['proposal', 'safe-import'],
  positionals: ['file'],
  summary: 'import a Safe member’s approval (its owners’ SafeMessage signatures) into a proposal file',
  ...declared,
  async run(options, logger) {
    const document = await readProposalFile(options.file);
    const signatures = await readSafeSignatures(options.signatures);
    const client = await proposalHubClient(document, options);
    const imported = await importSafeApproval(client, { document, safe: options.safe, signatures });
    await writeProposalFile(options.file, imported.document);
    logger.success(
      `${options.safe} approves (ERC-1271, accepted by the Safe on chain ${document.council.chainId}): owners ${imported.owners.join(', ')} of ${imported.threshold} required`,
    );
    logger.result(
      {
        file: options.file,
        safe: options.safe,
        owners: imported.owners,
        threshold: imported.threshold,
        safeMessageHash: imported.safeMessageHash,
        signature: imported.signature,
      },
      () => `Safe signature added to ${options.file}: submit it with \`lockstep approve --submit\``,
    );
    return 0;
  },
});
