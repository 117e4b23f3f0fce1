import { getDevnetStatus } from '@lockstep/core/devnet';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags } from '../flags.js';
import { table } from '../logger.js';

/** `lockstep devnet status`: each recorded chain's process and RPC. Exit 1 when a recorded chain is unhealthy. */
export const devnetStatus = defineCommand({
  path: ['devnet', 'status'],
  ...commandFlags(commonFlags),
  async run(_options, logger) {
    const status = await getDevnetStatus();
    const latest = status.clock?.latest;
    const chains = status.chains.map((c) => ({
      ...c,
      time: c.rpc ? isoTime(c.rpc.timestamp) : null,
      /** Seconds this chain is behind the latest chain. */
      behindSeconds: c.rpc && latest !== undefined ? Number(latest - c.rpc.timestamp) : null,
    }));
    logger.result({ ...status, chains }, () => {
      if (status.chains.length === 0) return 'no devnet running (start one with `lockstep devnet up`)';
      const rows = table(
        ['network', 'chain id', 'rpc', 'pid', 'alive', 'block', 'time', 'behind', 'problem'],
        chains.map((c) => [
          c.name,
          String(c.rpc?.chainId ?? c.chainId),
          c.rpcUrl,
          String(c.pid),
          c.alive ? 'yes' : 'no',
          c.rpc ? String(c.rpc.blockNumber) : '-',
          c.time ?? '-',
          c.behindSeconds === null ? '-' : `${c.behindSeconds} s`,
          c.error ?? '',
        ]),
      );
      const clock = status.clock
        ? `clock skew: ${status.clock.skewSeconds} s between the earliest and the latest chain (latest ${isoTime(status.clock.latest)})`
        : 'clock: no chain answered';
      return `${rows}\n${clock}`;
    });
    if (status.chains.length > 0 && !status.healthy) {
      logger.fail('the devnet is unhealthy: run `lockstep devnet down`, then `lockstep devnet up`');
      return 1;
    }
    return 0;
  },
});

function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString();
}
