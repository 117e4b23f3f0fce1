import { createTestClient, http, publicActions } from 'viem';
import { LockstepError } from '../errors/base.js';
import type { Devnet } from './state-file.js';

export type AdvanceTimeReturnType = {
  /** The block mined after the jump. */
  blockNumber: bigint;
  /** Its timestamp: at least the previous block's plus `seconds`. */
  timestamp: bigint;
};

export type AdvanceTimeErrorType = LockstepError;

/**
 * Moves a local chain's clock forward by `seconds` (`evm_increaseTime`) and mines one block
 * (`evm_mine`), so `block.timestamp` has jumped when this resolves: a 48 h timelock costs one
 * RPC round trip, not two days.
 *
 * @example
 * const { timestamp } = await advanceTime('http://127.0.0.1:8545', 48 * 3600)
 */
export async function advanceTime(rpcUrl: string, seconds: number): Promise<AdvanceTimeReturnType> {
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new LockstepError(`advanceTime: expected a whole number of seconds (0 or more), got ${seconds}`);
  }
  const client = createTestClient({ mode: 'anvil', transport: http(rpcUrl, { retryCount: 0 }) }).extend(publicActions);
  try {
    await client.increaseTime({ seconds });
    await client.mine({ blocks: 1 });
    const block = await client.getBlock({ blockTag: 'latest' });
    return { blockNumber: block.number, timestamp: block.timestamp };
  } catch (cause) {
    throw new LockstepError(`advanceTime: ${rpcUrl} did not advance by ${seconds} s`, { cause });
  }
}

export type AdvanceAllReturnType = (AdvanceTimeReturnType & { name: string; chainId: number })[];

/**
 * Advances every chain of a devnet by `seconds`, all at once, and returns each chain's new head.
 * Each chain jumps by the same amount, so chains that agreed on time before still agree.
 *
 * @example
 * await advanceAll(await readDevnet({ cwd }), 48 * 3600)
 */
export async function advanceAll(devnet: Pick<Devnet, 'chains'>, seconds: number): Promise<AdvanceAllReturnType> {
  return Promise.all(
    devnet.chains.map(async (chain) => ({
      name: chain.name,
      chainId: chain.chainId,
      ...(await advanceTime(chain.rpcUrl, seconds)),
    })),
  );
}
