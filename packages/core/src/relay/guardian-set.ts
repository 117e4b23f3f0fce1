import { guardianAdapterAbi } from '@lockstep/client';
import type { Address } from 'viem';
import { getContractEvents, readContract } from 'viem/actions';
import { LockstepError } from '../errors/base.js';
import { type RetryOptions, withRetry } from './retry.js';
import type { ReadClient } from './types.js';

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
  const { client, adapter, retry } = parameters;
  const index =
    parameters.index ??
    (await withRetry(
      'currentGuardianSetIndex',
      () =>
        readContract(client, { address: adapter, abi: guardianAdapterAbi, functionName: 'currentGuardianSetIndex' }),
      retry,
    ));
  const events = await withRetry(
    'eth_getLogs GuardianSetAdded',
    () =>
      getContractEvents(client, {
        address: adapter,
        abi: guardianAdapterAbi,
        eventName: 'GuardianSetAdded',
        args: { index },
        fromBlock: parameters.fromBlock ?? 0n,
        strict: true,
      }),
    retry,
  );
  const added = events.at(-1);
  if (!added) throw new LockstepError(`guardian adapter ${adapter} has no GuardianSetAdded event for set ${index}`);
  return { index, keys: [...added.args.keys], quorum: added.args.quorum };
}
