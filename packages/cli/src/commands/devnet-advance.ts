import { advanceDevnet, readDevnet } from '@lockstep/core/devnet';
import { LockstepError } from '@lockstep/core/errors';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, durationSchema as duration, positional } from '../flags.js';
import { table } from '../logger.js';

/** `lockstep devnet advance <duration>`: every devnet chain onto one clock, `duration` later. */
export const devnetAdvance = defineCommand({
  path: ['devnet', 'advance'],
  positionals: ['duration'],
  ...commandFlags(
    {
      duration: positional(duration, 'seconds (172800) or 90s, 30m, 48h, 2d, 1w, 1d12h'),
      ...commonFlags,
    },
    { epilogue: ['', 'Each chain mines one block at the same timestamp, so the chains agree on the time afterwards.'] },
  ),
  async run(options, logger) {
    const devnet = await readDevnet();
    if (!devnet) throw new LockstepError('no devnet runs here — start one with `lockstep devnet up`');
    const advanced = await advanceDevnet(devnet, options.duration);
    const time = new Date(Number(advanced.timestamp) * 1000).toISOString();
    logger.result({ seconds: options.duration, timestamp: advanced.timestamp, time, chains: advanced.chains }, () =>
      [
        `every chain is at ${time} (${advanced.timestamp}), ${options.duration} s past the latest chain`,
        table(
          ['network', 'chain id', 'block', 'time'],
          advanced.chains.map((c) => [c.name, String(c.chainId), String(c.blockNumber), String(c.timestamp)]),
        ),
      ].join('\n'),
    );
    return 0;
  },
});
