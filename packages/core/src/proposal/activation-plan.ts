/**
 * The activation plan of a proposal file: when the upgrade can take effect at the earliest, read
 * from the contracts that decide it (the council timelock's delay, the hub's per-chain delivery
 * margin and minimum delay) plus each chain's measured block time, so an announcement can give a
 * time and a block estimate per chain.
 */
import { governanceHubAbi, securityCouncilAbi, timelockControllerAbi } from '@lockstep/client';
import { type Address, isAddressEqual, zeroAddress } from 'viem';
import { getBlock, readContract } from 'viem/actions';
import type { ReadClient } from '../chain/types.js';
import { type ChainRpcUrls, clientForChain } from '../council/codehash.js';
import { CouncilError } from '../errors/council.js';
import type { ActivationPlan, ProposalDocument } from './document.js';

/** Blocks looked back over to measure a chain's block time. */
export const BLOCK_TIME_WINDOW = 100n;

export type ReadActivationPlanParameters = {
  council: Address;
  /** The chains the proposal's actions touch (duplicates are ignored). */
  chainIds: readonly number[];
  /** A reader per chain for its block time; a chain without one gets no block estimate. */
  clientFor: (chainId: number) => Promise<ReadClient | undefined>;
};

/**
 * Reads the activation plan: `timelockDelaySeconds` (the council timelock's `getMinDelay`), per
 * chain the hub's `deliveryMargin` and `minDelay` and the measured block time, `leadSeconds` (the
 * largest margin + delay: the hub gives every chain one shared activation time) and
 * `earliestActivation` (the hub's head time + timelock delay + lead: approved and scheduled now).
 *
 * Throws `CouncilError` (`invalid-input`) when the hub does not know one of the chains.
 */
export async function readActivationPlan(
  hubClient: ReadClient,
  { council, chainIds, clientFor }: ReadActivationPlanParameters,
): Promise<ActivationPlan> {
  const [hub, timelock] = await Promise.all([
    readContract(hubClient, { address: council, abi: securityCouncilAbi, functionName: 'hub' }),
    readContract(hubClient, { address: council, abi: securityCouncilAbi, functionName: 'timelock' }),
  ]);
  const [delay, head] = await Promise.all([
    readContract(hubClient, { address: timelock, abi: timelockControllerAbi, functionName: 'getMinDelay' }),
    getBlock(hubClient),
  ]);
  const chains = await Promise.all(
    [...new Set(chainIds)].map(async (chainId) => {
      const config = await readContract(hubClient, {
        address: hub,
        abi: governanceHubAbi,
        functionName: 'chainConfig',
        args: [BigInt(chainId)],
      });
      if (isAddressEqual(config.receiver, zeroAddress)) {
        throw new CouncilError(
          `chain ${chainId} is not configured on the hub ${hub} — its upgrade could never activate`,
          {
            reason: 'invalid-input',
          },
        );
      }
      const client = await clientFor(chainId);
      const measured = client ? await measureBlockTime(client) : undefined;
      return {
        chainId,
        deliveryMarginSeconds: config.deliveryMargin,
        minDelaySeconds: config.minDelay,
        ...measured,
      };
    }),
  );
  const timelockDelaySeconds = Number(delay);
  const leadSeconds = Math.max(0, ...chains.map((c) => c.deliveryMarginSeconds + c.minDelaySeconds));
  return {
    timelockDelaySeconds,
    leadSeconds,
    chains,
    earliestActivation: Number(head.timestamp) + timelockDelaySeconds + leadSeconds,
  };
}

/**
 * `document` with its activation plan read now (`readActivationPlan` over its actions' chains,
 * block times through the hub client or `rpcUrls`): for a draft, a merged draft, a submission.
 */
export async function withActivationPlan(
  hubClient: ReadClient,
  document: ProposalDocument,
  rpcUrls: ChainRpcUrls = {},
): Promise<ProposalDocument> {
  const activation = await readActivationPlan(hubClient, {
    council: document.council.address,
    chainIds: document.actions.map((a) => a.chainId),
    clientFor: (chainId) => clientForChain(hubClient, chainId, rpcUrls),
  });
  return { ...document, activation };
}

/**
 * A chain's average seconds per block over the last `BLOCK_TIME_WINDOW` blocks (fewer on a young
 * chain), and the head it was measured up to; nothing for a chain with a single block or whose
 * blocks all share a timestamp.
 */
export async function measureBlockTime(
  client: ReadClient,
): Promise<{ blockTimeSeconds: number; referenceBlock: { number: number; timestamp: number } } | undefined> {
  const head = await getBlock(client);
  if (head.number === 0n) return undefined;
  const back = head.number > BLOCK_TIME_WINDOW ? head.number - BLOCK_TIME_WINDOW : 0n;
  const base = await getBlock(client, { blockNumber: back });
  const seconds = Number(head.timestamp - base.timestamp);
  if (seconds <= 0) return undefined;
  return {
    blockTimeSeconds: Math.round((seconds / Number(head.number - back)) * 1000) / 1000,
    referenceBlock: { number: Number(head.number), timestamp: Number(head.timestamp) },
  };
}

/**
 * The block `chainId` should be at around unix time `at`, from the plan's measured block time and
 * reference block; `undefined` when the plan measured none for that chain.
 */
export function estimateBlockAt(plan: ActivationPlan, chainId: number, at: number): number | undefined {
  const chain = plan.chains.find((c) => c.chainId === chainId);
  if (!chain?.blockTimeSeconds || !chain.referenceBlock) return undefined;
  const ahead = Math.max(0, at - chain.referenceBlock.timestamp);
  return chain.referenceBlock.number + Math.ceil(ahead / chain.blockTimeSeconds);
}
