import { getDevnetStatus } from '@lockstep/core/devnet';
import { z } from 'zod';
import { commonFlags, commonHelp, defineCommand } from '../command.js';
import { table } from '../logger.js';

const schema = z.strictObject({
  json: z.boolean().default(false),
  help: z.boolean().optional(),
});

/** `lockstep devnet status`: each recorded chain's process and RPC. Exit 1 when a recorded chain is unhealthy. */
export const devnetStatus = defineCommand({
  path: ['devnet', 'status'],
  summary: 'show each chain of the running devnet: pid alive, chain id, block number',
  help: commonHelp,
  flags: commonFlags,
  schema,
  async run(_options, logger) {
    const status = await getDevnetStatus();
    logger.result(status, () => {
      if (status.chains.length === 0) return 'no devnet running (start one with `lockstep devnet up`)';
      return table(
        ['network', 'chain id', 'rpc', 'pid', 'alive', 'block', 'problem'],
        status.chains.map((c) => [
          c.name,
          String(c.rpc?.chainId ?? c.chainId),
          c.rpcUrl,
          String(c.pid),
          c.alive ? 'yes' : 'no',
          c.rpc ? String(c.rpc.blockNumber) : '-',
          c.error ?? '',
        ]),
      );
    });
    if (status.chains.length > 0 && !status.healthy) {
      logger.fail('the devnet is unhealthy: run `lockstep devnet down`, then `lockstep devnet up`');
      return 1;
    }
    return 0;
  },
});
