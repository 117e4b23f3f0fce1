/**
 * What the checks need to know besides the storage diffs, read from the fork: who sent the
 * rehearsal's transactions and who received their fees (their balances move with gas), the roles
 * their logs granted or revoked, and the owners of every touched contract before and after.
 */
import { iAccessControlAbi, ownable2StepAbi } from '@lockstep/client';
import { type Address, getAddress, type Hex, parseEventLogs } from 'viem';
import type { OwnerChange, RoleEvent } from './classify.js';
import type { ForkedChain } from './fork.js';
import type { RawChange } from './storage-diff.js';

export type ChainObservations = { exempt: Address[]; roleEvents: RoleEvent[]; ownerChanges: OwnerChange[] };

/** Observations of `hashes` (mined in order on `chain`) and the contracts `changes` touched. */
export async function observeChain(
  chain: ForkedChain,
  hashes: readonly Hex[],
  changes: readonly RawChange[],
): Promise<ChainObservations> {
  const exempt = new Set<Address>();
  const roleEvents: RoleEvent[] = [];
  let firstBlock: bigint | undefined;
  for (const hash of hashes) {
    const receipt = await chain.client.getTransactionReceipt({ hash });
    const block = await chain.client.getBlock({ blockNumber: receipt.blockNumber });
    firstBlock ??= receipt.blockNumber;
    exempt.add(getAddress(receipt.from));
    exempt.add(getAddress(block.miner));
    for (const log of parseEventLogs({
      abi: iAccessControlAbi,
      eventName: ['RoleGranted', 'RoleRevoked'],
      logs: receipt.logs,
    })) {
      roleEvents.push({
        contract: getAddress(log.address),
        role: log.args.role,
        account: getAddress(log.args.account),
        granted: log.eventName === 'RoleGranted',
      });
    }
  }
  const before = firstBlock === undefined ? undefined : firstBlock - 1n;
  const touched = [...new Set(changes.filter((c) => c.slot !== 'balance').map((c) => c.address))];
  const ownerChanges = (await Promise.all(touched.map((contract) => ownersOf(chain, contract, before)))).flat();
  return { exempt: [...exempt], roleEvents, ownerChanges };
}

async function ownersOf(chain: ForkedChain, contract: Address, before: bigint | undefined): Promise<OwnerChange[]> {
  if (before === undefined) return [];
  const found: OwnerChange[] = [];
  for (const [kind, functionName] of [
    ['owner', 'owner'],
    ['pending-owner', 'pendingOwner'],
  ] as const) {
    const read = (blockNumber?: bigint) =>
      chain.client
        .readContract({
          address: contract,
          abi: ownable2StepAbi,
          functionName,
          ...(blockNumber === undefined ? {} : { blockNumber }),
        })
        .catch(() => undefined);
    const [was, is] = await Promise.all([read(before), read()]);
    if (was && is && getAddress(was) !== getAddress(is))
      found.push({ contract, kind, before: getAddress(was), after: getAddress(is) });
  }
  return found;
}
