/**
 * Funds leaving a watched contract: a balance that falls by at least `thresholdWei` between two
 * observations is `funds-outflow` (an exploit draining a vault looks like this); the alert clears
 * when the balance stops falling. Pure logic over balance observations (`observe`), plus a thin
 * reader (`readBalance`): one `eth_getBalance` at the latest block per contract and poll.
 */
import type { Address, Client } from 'viem';
import { getBalance, getBlockNumber } from 'viem/actions';
import type { Detection } from './types.js';

/** One poll of one watched contract's balance. */
export type BalanceObservation = {
  chain: string;
  address: Address;
  /** When it was read (seconds, the detector's clock). */
  at: number;
  balance: bigint;
  blockNumber: bigint;
};

export type OutflowDetection = Detection<'funds-outflow'> & {
  address: Address;
  /** Wei that left between the two observations. */
  lostWei: bigint;
  blockNumber: bigint;
};

export type OutflowDetectorParameters = {
  /** The smallest drop (wei) between two polls that counts. Default 1 wei: any outflow. */
  thresholdWei?: bigint;
};

type Watch = { balance: bigint; at: number; flowing: boolean };

/** Watches balances; `observe` returns a detection when a contract's balance fell by the threshold since the last poll. */
export class OutflowDetector {
  readonly thresholdWei: bigint;
  private readonly watches = new Map<string, Watch>();

  constructor(parameters: OutflowDetectorParameters = {}) {
    this.thresholdWei = parameters.thresholdWei ?? 1n;
    if (this.thresholdWei <= 0n) throw new RangeError(`thresholdWei must be positive (got ${this.thresholdWei})`);
  }

  observe(observation: BalanceObservation): OutflowDetection[] {
    const key = `${observation.chain}\u0000${observation.address.toLowerCase()}`;
    const previous = this.watches.get(key);
    const drop = previous ? previous.balance - observation.balance : 0n;
    const flowing = drop >= this.thresholdWei;
    this.watches.set(key, { balance: observation.balance, at: observation.at, flowing });
    if (!previous || !flowing || previous.flowing) return [];
    return [
      {
        kind: 'funds-outflow',
        chain: observation.chain,
        address: observation.address,
        detectedAt: observation.at,
        // The drop happened after the previous poll: that is as early as the observations show.
        since: previous.at,
        lostWei: drop,
        blockNumber: observation.blockNumber,
        message: `${drop} wei left ${observation.address} on ${observation.chain} by block ${observation.blockNumber} (balance ${previous.balance} → ${observation.balance})`,
      },
    ];
  }
}

/** The balance of `address` at the latest block, and that block's number. */
export async function readBalance(client: Client, address: Address): Promise<{ balance: bigint; blockNumber: bigint }> {
  const blockNumber = await getBlockNumber(client, { cacheTime: 0 });
  return { balance: await getBalance(client, { address, blockNumber }), blockNumber };
}
