import { stopDevnet } from '@lockstep/core/devnet';
import { z } from 'zod';
import { commonFlags, commonHelp, defineCommand } from '../command.js';
import { table } from '../logger.js';

const schema = z.strictObject({
  json: z.boolean().default(false),
  help: z.boolean().optional(),
});

/** `lockstep devnet down`: stops every chain of the devnet and removes its state file. Idempotent. */
export const devnetDown = defineCommand({
  path: ['devnet', 'down'],
  summary: 'stop the devnet (SIGTERM, then SIGKILL after 3 s) and remove its state file',
  help: commonHelp,
  flags: commonFlags,
  schema,
  async run(_options, logger) {
    const stopped = await stopDevnet();
    logger.result(stopped, () =>
      stopped.chains.length === 0
        ? 'no devnet was running'
        : table(
            ['network', 'pid', 'stopped by'],
            stopped.chains.map((c) => [c.name, String(c.pid), c.how]),
          ),
    );
    return 0;
  },
});
