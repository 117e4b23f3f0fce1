import { stopDevnet, stopKeptDrills } from '@lockstep/core/devnet';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags } from '../flags.js';
import { table } from '../logger.js';

/**
 * `lockstep devnet down`: stops every chain of the devnet and removes its state file, and stops
 * the chains of every drill run with `--keep` (`.lockstep/drill-kept.json`). Idempotent.
 */
export const devnetDown = defineCommand({
  path: ['devnet', 'down'],
  ...commandFlags(commonFlags),
  async run(_options, logger) {
    const stopped = await stopDevnet();
    const drills = await stopKeptDrills();
    const rows = [
      ...stopped.chains.map((c) => [c.name, String(c.pid), c.how]),
      ...drills.chains.map((c) => [`${c.name} (drill ${c.scenario})`, String(c.pid), c.how]),
    ];
    logger.result({ ...stopped, keptDrills: drills }, () =>
      rows.length === 0 ? 'no devnet was running' : table(['network', 'pid', 'stopped by'], rows),
    );
    return 0;
  },
});
