import { guardianAdapterAbi } from '@lockstep/client';
import type { Address } from 'viem';
import { getContractEvents, readContract } from 'viem/actions';
import { type RetryOptions, withRetry } from '../chain/retry.js';
import type { ReadClient } from '../chain/types.js';
import { LockstepError } from '../errors/base.js';

export type ReadGuardianSetParameters = {
  client: ReadClient;
  adapter: Address;
  /** The set's index. Default: the adapter's current set. */
  index?: number;
  /** First block to search for `GuardianSetAdded`. Default 0. */
  fromBlock?: bigint;
  retry?: RetryOptions;
};

export type GuardianSet = {
  index: number;
  /** The set's keys, in the committed (ascending) order: a signature's index is its key's position. */
  keys: Address[];
  quorum: number;
};

/**
 * The adapter's guardian set, from the chain: the index and quorum from its views, the keys from
 * the `GuardianSetAdded` event that created the set (the contract stores only their hash).
 */
export async function readGuardianSet(parameters: ReadGuardianSetParameters): Promise<GuardianSet> {
  const { adapter } = parameters;
  const index = parameters.index ?? (await readCurrentIndex(parameters));
  const events = await readSetsAdded(parameters, index);
  const added = events.at(-1);
  if (!added) throw new LockstepError(`guardian adapter ${adapter} has no GuardianSetAdded event for set ${index}`);
  return { index, keys: [...added.args.keys], quorum: added.args.quorum };
}

export type ReadGuardianSetsParameters = {
  client: ReadClient;
  adapter: Address;
  /** First block to search for `GuardianSetAdded`. Default 0. */
  fromBlock?: bigint;
  retry?: RetryOptions;
  /**
   * Remembers what was read per chain, adapter and current index: a set's keys and quorum never
   * change, and the previous set's expiry changes only when a rotation moves the index. With a
   * cache a call costs one `currentGuardianSetIndex` read while the index stays the same.
   */
  cache?: GuardianSetCache;
  /** The adapter's chain id, which keys the cache (default: the client's chain; without either nothing is cached). */
  chainId?: number;
};

/** What `readGuardianSets` read, by chain, adapter and current index (see `guardianSetCache`). */
export type GuardianSetCache = Map<string, ReadGuardianSetsReturnType>;

/** An empty cache for `readGuardianSets` (a relayer keeps one for its lifetime). */
export function guardianSetCache(): GuardianSetCache {
  return new Map();
}

export type ReadGuardianSetsReturnType = {
  /** The set that signs new attestations and rotations; it never expires while current. */
  current: GuardianSet;
  /**
   * The set the current one replaced (absent before the first rotation), with the time (unix
   * seconds) from which the adapter refuses it. It may already be expired: compare `expiresAt` with
   * the chain's time, the adapter accepts it strictly before.
   */
  previous?: GuardianSet & { expiresAt: number };
};

/**
 * The adapter's current guardian set and the previous one, read fresh from the chain (views for the
 * index, quorum and expiry; `GuardianSetAdded` events for the keys). At most these two sets are ever
 * valid on an adapter.
 *
 * @example
 * const { current, previous } = await readGuardianSets({ client, adapter })
 */
export async function readGuardianSets(parameters: ReadGuardianSetsParameters): Promise<ReadGuardianSetsReturnType> {
  const { client, adapter, retry, cache } = parameters;
  const currentIndex = await readCurrentIndex(parameters);
  const chainId = parameters.chainId ?? client.chain?.id;
  const key = chainId === undefined ? undefined : `${chainId}:${adapter.toLowerCase()}:${currentIndex}`;
  const known = key === undefined ? undefined : cache?.get(key);
  if (known) return known;
  const indices = currentIndex > 0 ? [currentIndex, currentIndex - 1] : [currentIndex];
  const [events, stored] = await Promise.all([
    readSetsAdded(parameters, indices),
    Promise.all(
      indices.map((index) =>
        withRetry(
          `guardianSet(${index})`,
          () =>
            readContract(client, {
              address: adapter,
              abi: guardianAdapterAbi,
              functionName: 'guardianSet',
              args: [index],
            }),
          retry,
        ),
      ),
    ),
  ]);
  const setAt = (index: number, position: number): GuardianSet & { expiresAt: number } => {
    const added = events.filter((event) => event.args.index === index).at(-1);
    const view = stored[position];
    if (!added || !view) {
      throw new LockstepError(`guardian adapter ${adapter} has no GuardianSetAdded event for set ${index}`);
    }
    const [, , quorum, expiresAt] = view;
    return { index, keys: [...added.args.keys], quorum, expiresAt };
  };
  const { index, keys, quorum } = setAt(currentIndex, 0);
  const current: GuardianSet = { index, keys, quorum };
  const sets = currentIndex > 0 ? { current, previous: setAt(currentIndex - 1, 1) } : { current };
  if (key !== undefined) cache?.set(key, sets);
  return sets;
}

/** The adapter's current guardian set index. */
function readCurrentIndex({ client, adapter, retry }: ReadGuardianSetsParameters): Promise<number> {
  return withRetry(
    'currentGuardianSetIndex',
    () => readContract(client, { address: adapter, abi: guardianAdapterAbi, functionName: 'currentGuardianSetIndex' }),
    retry,
  );
}

/** The `GuardianSetAdded` events of the set `index` (or of each of the sets `index`). */
function readSetsAdded({ client, adapter, fromBlock, retry }: ReadGuardianSetsParameters, index: number | number[]) {
  return withRetry(
    'eth_getLogs GuardianSetAdded',
    () =>
      getContractEvents(client, {
        address: adapter,
        abi: guardianAdapterAbi,
        eventName: 'GuardianSetAdded',
        args: { index },
        fromBlock: fromBlock ?? 0n,
        strict: true,
      }),
    retry,
  );
}
