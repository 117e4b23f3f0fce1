import { readProposalFile } from '@lockstep/core/proposal';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags } from '../flags.js';
import { councilFlags } from '../shared/council-context.js';
import {
  describeGates,
  gateProposalFile,
  overrideFlag,
  proposalCouncilContext,
  proposalFileFlag,
} from '../shared/proposal-file.js';

/**
 * `lockstep proposal check <file>`: runs the safety gates over the file against the chains as they
 * are now and records the results and a fresh activation plan in it (signatures stay valid: neither
 * is signed).
 * Exit code 1 when a gate failed and was not overridden.
 */
export const proposalCheck = defineCommand({
  path: ['proposal', 'check'],
  positionals: ['file'],
  ...commandFlags({ ...proposalFileFlag, ...overrideFlag, ...councilFlags, ...commonFlags }),
  async run(options, logger) {
    const document = await readProposalFile(options.file);
    const context = await proposalCouncilContext(options, document);
    // The chains' delays and block times as they are now: the notice's estimates come from them.
    const checked = await gateProposalFile(context, document, {
      path: options.file,
      overrides: options.override,
      logger,
    });
    logger.success(`every safety gate passed or was overridden; recorded in ${options.file}`);
    logger.result({ file: options.file, gates: checked.gates }, () => describeGates(checked.gates));
    return 0;
  },
});
