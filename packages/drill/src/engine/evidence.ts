/**
 * The evidence of a drill, read from the chains' logs once it is over: for every message the hub
 * dispatched, the hub's dispatch transaction and acknowledgements, and on its destination each
 * adapter's delivery, the receiver's queueing, the execution (or the emergency action taking
 * effect) and any cancellation, each with its transaction hash and block number.
 */
import { governanceHubAbi, guardianAdapterAbi, upgradeReceiverAbi } from '@lockstep/client';
import type { ReceiverAdapter } from '@lockstep/core/config';
import type { Address, Hex } from 'viem';
import type { DrillChain } from '../chains/start-chains.js';
import type { AckState, MessageEvidence, TxEvidence } from '../types.js';
import type { DrillContext } from './drill-context.js';

const ACK_STATES: readonly AckState[] = ['None', 'Dispatched', 'Queued', 'Executed'];

/** How the evidence names each adapter kind's deliveries (`MessageEvidence.deliveries[].adapter`). */
const EVIDENCE_ADAPTER_NAMES: Readonly<Record<ReceiverAdapter, string>> = {
  guardian: 'guardians',
  fallback: 'fallback',
};

type Log = { transactionHash: Hex | null; blockNumber: bigint | null };

function tx(log: Log): TxEvidence {
  return { txHash: log.transactionHash ?? '', blockNumber: Number(log.blockNumber ?? 0n) };
}

/**
 * Block numbers each chain was at before the drill's flow began: logs are read from there (on a
 * forked chain, never from the remote chain's genesis).
 */
export async function flowStartBlocks(chains: readonly DrillChain[]): Promise<Map<string, bigint>> {
  // The latest block's number, not getBlockNumber: viem caches that answer per client, and the
  // drill's own later reads on the same client would get this (soon stale) number.
  const blocks = await Promise.all(
    chains.map(async (chain) => [chain.name, (await chain.client.getBlock()).number] as const),
  );
  return new Map(blocks);
}

/** Per chain name: the messages dispatched to it, in dispatch order, with each step's transaction. */
export async function collectEvidence(ctx: DrillContext): Promise<Map<string, MessageEvidence[]>> {
  const { hubChain, chains, addresses: a, startBlocks } = ctx;
  const hubLogs = await hubChain.client.getContractEvents({
    address: a.hub,
    abi: governanceHubAbi,
    fromBlock: startBlocks.get(hubChain.name) ?? 0n,
  });
  // What each dispatch transaction carried: a round's proposal, or an emergency action.
  const purposes = new Map<string, string>();
  for (const log of hubLogs) {
    if (!log.transactionHash) continue;
    if (log.eventName === 'UpgradeDispatched') {
      const round = ctx.rounds.find((r) => r.proposal.proposalId === log.args.proposalId);
      purposes.set(log.transactionHash, round?.label ?? 'upgrade');
    } else if (log.eventName === 'EmergencyDispatched') {
      purposes.set(log.transactionHash, log.args.pause ? 'pause' : 'unpause');
    }
  }
  const acks = new Map<string, MessageEvidence['acks']>();
  for (const log of hubLogs) {
    if (log.eventName !== 'DeliveryStateUpdated' || !log.args.messageId) continue;
    const list = acks.get(log.args.messageId) ?? [];
    list.push({ ...tx(log), state: ACK_STATES[Number(log.args.state)] ?? 'None' });
    acks.set(log.args.messageId, list);
  }
  const dispatched = hubLogs.flatMap((log) =>
    log.eventName === 'MessageDispatched' && log.args.messageId && log.args.dstChainId !== undefined
      ? [{ messageId: log.args.messageId, chainId: Number(log.args.dstChainId), log }]
      : [],
  );
  const adapterNames = new Map<string, string>(
    Object.entries(a.adapters).flatMap(([kind, address]) =>
      address ? [[address.toLowerCase(), EVIDENCE_ADAPTER_NAMES[kind as ReceiverAdapter]] as [string, string]] : [],
    ),
  );
  const entries = await Promise.all(
    chains.map(async (chain) => {
      const mine = dispatched.filter((d) => d.chainId === chain.chainId);
      if (mine.length === 0) return [chain.name, []] as const;
      const fromBlock = startBlocks.get(chain.name) ?? 0n;
      const adapters = [...adapterNames.keys()] as Address[];
      const [receiverLogs, forwarded] = await Promise.all([
        chain.client.getContractEvents({ address: a.receiver, abi: upgradeReceiverAbi, fromBlock }),
        chain.client.getContractEvents({
          address: adapters,
          abi: guardianAdapterAbi,
          eventName: 'MessageForwarded',
          fromBlock,
        }),
      ]);
      const messages = mine.map(({ messageId, log }): MessageEvidence => {
        const ofMessage = receiverLogs.filter(
          (l) => 'messageId' in l.args && (l.args as { messageId?: Hex }).messageId === messageId,
        );
        const first = (name: string) => {
          const found = ofMessage.find((l) => l.eventName === name);
          return found ? tx(found) : null;
        };
        return {
          messageId,
          purpose: purposes.get(log.transactionHash ?? '') ?? 'unknown',
          dispatch: tx(log),
          deliveries: forwarded
            .filter((l) => l.args.messageId === messageId)
            .map((l) => ({ ...tx(l), adapter: adapterNames.get(l.address.toLowerCase()) ?? l.address })),
          queued: first('UpgradeQueued'),
          executed: first('UpgradeExecuted') ?? first('EmergencyExecuted'),
          cancelled: first('MessageCancelled'),
          acks: acks.get(messageId) ?? [],
        };
      });
      return [chain.name, messages] as const;
    }),
  );
  return new Map(entries.map(([name, messages]) => [name, [...messages]]));
}
