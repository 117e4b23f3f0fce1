/**
 * The `hub-reorg` fault: the hub chain's last `depth` blocks are taken off the canonical chain and
 * another producer's blocks replace them, at the same heights and timestamps (so the virtual clock
 * and every chain's block-time rule hold). With `reinclude` the replacement blocks carry the same
 * transactions again, in the same order (a real reorg puts them back through the mempool): the
 * dispatch lands again with the same activation time, so the same message id, in a block with
 * another hash. Without it they carry nothing: the canonical hub never sent the orphaned messages.
 *
 * Guardians sign a dispatch only `finalityDepth` hub blocks after it, so a reorg no deeper than that
 * orphans nothing any guardian signed. The fault records what it orphaned and how many guardians
 * had already signed it, for the report and its verifier.
 */
import { scanDispatched } from '@lockstep/core/relay';
import type { Address, Hex } from 'viem';
import type { DrillChain } from '../../../chains/start-chains.js';
import type { HubReorgEvidence } from '../../../types.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

type HubReorg = FaultOf<'hub-reorg'>;

/** The replacement blocks' producer: another coinbase than the hub's own, so their hashes differ. */
export const REORG_PRODUCER: Address = '0x000000000000000000000000000000000000FEED';

type OrphanedBlock = { number: bigint; hash: Hex; timestamp: bigint; transactions: Hex[] };

export const hubReorg: FaultEffect<HubReorg> = (ctx) => ({
  async inject(fault) {
    const { hubChain: hub, clock, recorder, addresses } = ctx;
    const head = await hub.client.getBlockNumber({ cacheTime: 0 });
    const depth = BigInt(fault.depth);
    if (depth > head) throw new Error(`hub-reorg: the hub has only ${head} blocks, the fault asks for ${depth}`);
    const orphaned = await readBlocks(hub, head - depth + 1n, head);
    const { messages } = await scanDispatched({
      client: hub.client,
      hub: addresses.hub,
      fromBlock: head - depth + 1n,
      toBlock: head,
    });
    const orphanedMessages = messages.map((m) => m.messageId);
    const signed = await ctx.guardians.signedCounts(
      messages.map((m) => ({ messageId: m.messageId, dstChainId: m.chainId })),
    );
    const raw = fault.reinclude ? await rawTransactions(hub, orphaned) : orphaned.map(() => []);
    const replacement = await replaceBlocks(hub, orphaned, raw);
    const evidence: HubReorgEvidence = {
      depth: fault.depth,
      finalityDepth: hub.finalityDepth,
      reinclude: fault.reinclude,
      orphaned: orphaned.map((b) => ({ number: Number(b.number), hash: b.hash })),
      replacement,
      orphanedMessages,
      attestedBeforeReorg: Math.max(0, ...signed),
    };
    const report = recorder.fault(
      'hub-reorg',
      fault.target,
      clock.now,
      `${hub.name} reorganises ${fault.depth} block(s) (${orphaned[0]?.number}-${head}; finality depth ${hub.finalityDepth}): ` +
        `${orphanedMessages.length} dispatched message(s) orphaned, ` +
        (fault.reinclude ? 'their transactions re-included at the same heights' : 'their transactions dropped') +
        `; ${evidence.attestedBeforeReorg} guardian(s) had signed them`,
    );
    report.hubReorg = evidence;
  },
});

async function readBlocks(hub: DrillChain, from: bigint, to: bigint): Promise<OrphanedBlock[]> {
  const blocks: OrphanedBlock[] = [];
  for (let n = from; n <= to; n++) {
    const block = await hub.client.getBlock({ blockNumber: n });
    blocks.push({ number: n, hash: block.hash, timestamp: block.timestamp, transactions: block.transactions });
  }
  return blocks;
}

/** The signed transactions of each block, in block order (a reorg re-includes exactly these). */
async function rawTransactions(hub: DrillChain, blocks: readonly OrphanedBlock[]): Promise<Hex[][]> {
  return Promise.all(
    blocks.map((block) =>
      Promise.all(
        block.transactions.map(
          (hash) =>
            hub.client.request({ method: 'eth_getRawTransactionByHash', params: [hash] } as never) as Promise<Hex>,
        ),
      ),
    ),
  );
}

/**
 * Rolls the hub back below `blocks` and mines one replacement per orphaned block, stamped as it
 * was, by `REORG_PRODUCER`, holding `raw[i]`. Returns the replacements' numbers and hashes.
 */
async function replaceBlocks(
  hub: DrillChain,
  blocks: readonly OrphanedBlock[],
  raw: readonly Hex[][],
): Promise<HubReorgEvidence['replacement']> {
  const { client } = hub;
  const producer = (await client.getBlock()).miner;
  await client.request({ method: 'anvil_rollback', params: [blocks.length] } as never);
  await client.request({ method: 'anvil_dropAllTransactions', params: [] } as never);
  await client.setCoinbase({ address: REORG_PRODUCER });
  await client.setAutomine(false);
  const replacement: HubReorgEvidence['replacement'] = [];
  try {
    for (const [i, block] of blocks.entries()) {
      for (const tx of raw[i] ?? []) await client.request({ method: 'eth_sendRawTransaction', params: [tx] } as never);
      await client.request({ method: 'evm_mine', params: [Number(block.timestamp)] } as never);
      const mined = await client.getBlock({ blockNumber: block.number });
      replacement.push({ number: Number(mined.number), hash: mined.hash });
    }
  } finally {
    await client.setAutomine(true);
    await client.setCoinbase({ address: producer });
  }
  return replacement;
}
