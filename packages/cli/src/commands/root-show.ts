import { writeFile } from 'node:fs/promises';
import { loadConfig } from '@lockstep/core/config';
import { councilRootTypedData, typedDataDocument } from '@lockstep/core/roots';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, configFlag, stringFlag } from '../flags.js';
import { describeRoot } from '../shared/describe-root.js';
import { rootFileFlag } from '../shared/root-context.js';
import { readRootFileFrom, rootPassphraseFlags } from '../shared/root-file.js';

const declared = commandFlags({
  ...rootFileFlag,
  'typed-data': stringFlag(
    z.string().min(1).optional(),
    '<out>',
    'also write the EIP-712 typed data to sign elsewhere (cast wallet sign --data --from-file, a hardware wallet)',
  ),
  ...rootPassphraseFlags,
  ...configFlag,
  ...commonFlags,
});

/**
 * `lockstep root show <file>`: recomputes everything in the file from its messages alone (ids,
 * leaves, proofs, root, digest) and every signature, then shows what a member signs.
 */
export const rootShow = defineCommand({
  path: ['root', 'show'],
  positionals: ['file'],
  ...declared,
  async run(options, logger) {
    const { document } = await readRootFileFrom(options);
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config }).catch(
      () => undefined,
    );
    const names = new Map((config?.networks ?? []).map((n) => [n.chainId, n.name]));
    const typedData = typedDataDocument(councilRootTypedData(document));
    if (options['typed-data']) {
      await writeFile(options['typed-data'], `${JSON.stringify(typedData, null, 2)}\n`, { mode: 0o600 });
      logger.success(`wrote the typed data to ${options['typed-data']}`);
    }
    logger.result(
      { file: options.file, checked: true, typedData, document },
      () =>
        `${describeRoot(document, names)}\n\nchecked: every id, leaf, proof, the root, the digest and every signature recompute from the file`,
    );
    return 0;
  },
});
