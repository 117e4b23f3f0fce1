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

export type AdvanceDevnetReturnType = {
  /** The one unix time (seconds) every chain's new head carries. */
  timestamp: bigint;
  chains: (AdvanceTimeReturnType & { name: string; chainId: number })[];
};

/**
 * Moves every chain of a devnet onto one clock, `seconds` past the latest chain's time: each chain
 * mines one block at exactly that timestamp (`evm_mine`), so the chains agree on the time afterwards
 * (a skew between them is gone) and a 48 h timelock is crossed at once on all of them.
 *
 * @example
 * const { timestamp } = await advanceDevnet(await readDevnet({ cwd }), 48 * 3600)
 */
export async function advanceDevnet(devnet: Pick<Devnet, 'chains'>, seconds: number): Promise<AdvanceDevnetReturnType> {
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new LockstepError(`advanceDevnet: expected a whole number of seconds (0 or more), got ${seconds}`);
  }
  const clients = devnet.chains.map((chain) => ({
    chain,
    client: createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl, { retryCount: 0 }) }).extend(publicActions),
  }));
  const heads = await Promise.all(
    clients.map(async ({ chain, client }) => {
      try {
        return (await client.getBlock({ blockTag: 'latest' })).timestamp;
      } catch (cause) {
        throw new LockstepError(`${chain.name} (${chain.rpcUrl}) does not answer — is the devnet up?`, { cause });
      }
    }),
  );
  // bigints: Math.max does not take them.
  const latest = [...heads].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).pop() ?? 0n;
  const timestamp = latest + BigInt(seconds);
  const chains = await Promise.all(
    clients.map(async ({ chain, client }) => {
      try {
        await client.request({ method: 'evm_mine', params: [`0x${timestamp.toString(16)}`] } as never);
        const block = await client.getBlock({ blockTag: 'latest' });
        return { name: chain.name, chainId: chain.chainId, blockNumber: block.number, timestamp: block.timestamp };
      } catch (cause) {
        throw new LockstepError(`${chain.name} (${chain.rpcUrl}) did not move to time ${timestamp}`, { cause });
      }
    }),
  );
  return { timestamp, chains };
}
