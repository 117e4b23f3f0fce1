import { readProposalFile } from '@lockstep/core/proposal';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags } from '../flags.js';
import { proposalFileFlag } from '../shared/proposal-file.js';
import { summarizeProposal } from '../shared/proposal-summary.js';

/** `lockstep proposal show <file>`: checks a proposal file offline and summarizes it (`--json`: all of it). */
export const proposalShow = defineCommand({
  path: ['proposal', 'show'],
  positionals: ['file'],
  ...commandFlags({ ...proposalFileFlag, ...commonFlags }),
  async run(options, logger) {
    const document = await readProposalFile(options.file);
    logger.result({ file: options.file, checked: true, document }, () => summarizeProposal(document));
    return 0;
  },
});
