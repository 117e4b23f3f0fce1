/**
 * One L2 whose sequencer is down: what the drill models of it.
 *
 * - While down the chain makes no block of its own (`VirtualClock.halt`: automine off). What is sent
 *   to the sequencer waits in its queue: the drill keeps those transactions out of the node's
 *   mempool and submits them, in arrival order, into the first block after the outage.
 * - A transaction sent through L1 at `sentAt` (OP's deposits once the sequencing window passes,
 *   Arbitrum's delayed inbox) is included at `sentAt + forceInclusionDelaySeconds` in a block of its
 *   own stamped then (`VirtualClock.forceBlock`), the sequencer still down; forced transactions due
 *   together share the block, in L1 order. One still pending when the sequencer comes back is in the
 *   first block after the outage, before the queue (deposits first, as on OP).
 * - The first block after the outage is stamped at the sequencer's return: its timestamp jumps from
 *   its parent's over the outage.
 *
 * Not modelled: the L1 inbox contracts (the L1 send is not a transaction on the hub: the drill
 * records when it was sent and submits the L2 transaction into the forced block), the sequencer's
 * reordering (its queue is first come, first served), and the empty blocks a derivation pipeline
 * would produce during the outage (only forced blocks are mined).
 */
import type { Hex } from 'viem';
import type { DrillChain } from '../../../chains/start-chains.js';
import type { DrillContext } from '../../drill-context.js';
import type { FaultOf } from '../specs.js';
import type { OutageAction, OutageInclusion, OutageSender, SequencerOutageReport } from './report.js';

/** A transaction for the down chain: `submit` puts it in the block being built (stamped `at`) and returns how to settle it once mined. */
export type OutageTransaction = {
  by: OutageSender;
  what: OutageAction;
  /** The account that signs it (how its transaction is found in the block). */
  from: Hex;
  /** Virtual seconds: sent to L1 (forced) or to the sequencer (queued). */
  sentAt: number;
  submit(at: number): Promise<(() => Promise<void>) | undefined>;
};

type Forced = OutageTransaction & { includeAt: number; included: boolean };

/** Each drill's outages (the report and the defenders read them). */
const outages = new WeakMap<DrillContext, Outage[]>();

export function outagesOf(ctx: DrillContext): readonly Outage[] {
  return outages.get(ctx) ?? [];
}

export class Outage {
  readonly report: SequencerOutageReport;
  readonly chain: DrillChain;
  readonly delay: number;
  down = true;
  private readonly forced: Forced[] = [];
  private readonly queue: OutageTransaction[] = [];
  private readonly ctx: DrillContext;

  constructor(
    ctx: DrillContext,
    fault: FaultOf<'sequencer-outage'>,
    chain: DrillChain,
    lastBlock: { block: number; timestamp: number },
  ) {
    this.ctx = ctx;
    this.chain = chain;
    this.delay = fault.forceInclusionDelaySeconds;
    this.report = {
      chain: chain.name,
      hub: ctx.hubChain.name,
      startedAt: ctx.clock.now,
      endedAt: null,
      forceInclusionDelaySeconds: fault.forceInclusionDelaySeconds,
      lastBlockBefore: lastBlock,
      detection: null,
      keeperForcedAt: null,
      forcedBlocks: [],
      forced: [],
      queued: [],
      resumed: null,
    };
    outages.set(ctx, [...outagesOf(ctx), this]);
  }

  /** Whether a forced transaction is still to be included, or the chain still down (the round waits for both). */
  get pending(): boolean {
    return this.down || this.forced.some((f) => !f.included);
  }

  /** Whether `by` already sent something through L1 here. */
  hasForced(by: OutageSender): boolean {
    return this.forced.some((f) => f.by === by);
  }

  /** Sends `tx` through L1: included `delay` seconds after `tx.sentAt` (or first after the outage, if it ends before). */
  forceThroughL1(tx: OutageTransaction): void {
    const includeAt = tx.sentAt + this.delay;
    this.forced.push({ ...tx, includeAt, included: false });
    this.ctx.faults.clearAt.push({ at: includeAt, clear: () => this.includeDue() });
  }

  /** Sends `tx` to the sequencer: it waits in the queue for the first block after the outage. */
  enqueue(tx: OutageTransaction): void {
    this.queue.push(tx);
  }

  /** Mines the forced block of every forced transaction due now, while the sequencer is down. */
  private async includeDue(): Promise<void> {
    const { clock } = this.ctx;
    const due = this.forced.filter((f) => !f.included && f.includeAt <= clock.now + 1e-9);
    if (!this.down || due.length === 0) return;
    const settle: (() => Promise<void>)[] = [];
    const at = await clock.forceBlock(this.chain, clock.now, async (when) => {
      for (const tx of due) {
        tx.included = true;
        const settled = await tx.submit(when);
        if (settled) settle.push(settled);
      }
    });
    for (const s of settle) await s();
    const block = await this.chain.client.getBlock({ blockTag: 'latest' });
    this.report.forcedBlocks.push({ block: Number(block.number), timestamp: Number(block.timestamp) });
    this.report.forced.push(...(await this.inclusions(due, at)));
  }

  /**
   * The sequencer is back: one block stamped now with the forced transactions still pending (in L1
   * order), then the queue (in arrival order, `extra` added to it); then blocks as usual.
   */
  async resume(extra: readonly OutageTransaction[]): Promise<void> {
    const { clock } = this.ctx;
    this.down = false;
    const forced = this.forced.filter((f) => !f.included).sort((x, y) => x.sentAt - y.sentAt);
    const queued = [...this.queue, ...extra].sort((x, y) => x.sentAt - y.sentAt);
    const settle: (() => Promise<void>)[] = [];
    const at = await clock.resume(this.chain, async (when) => {
      for (const tx of [...forced, ...queued]) {
        if ('included' in tx) (tx as Forced).included = true;
        const settled = await tx.submit(when);
        if (settled) settle.push(settled);
      }
    });
    for (const s of settle) await s();
    this.report.endedAt = at;
    const block = await this.chain.client.getBlock({ blockTag: 'latest' });
    const parent = await this.chain.client.getBlock({ blockNumber: block.number - 1n });
    this.report.resumed = {
      block: Number(block.number),
      timestamp: Number(block.timestamp),
      parentTimestamp: Number(parent.timestamp),
      jumpSeconds: Number(block.timestamp - parent.timestamp),
    };
    this.report.forced.push(...(await this.inclusions(forced, at)));
    this.report.queued.push(...(await this.inclusions(queued, at)));
  }

  /** What the block just mined at `at` shows of `txs`: each one's transaction (by its signer, in order) and outcome. */
  private async inclusions(txs: readonly OutageTransaction[], at: number): Promise<OutageInclusion[]> {
    const client = this.chain.client;
    const block = await client.getBlock({ blockTag: 'latest', includeTransactions: true });
    const taken = new Set<Hex>();
    const found: OutageInclusion[] = [];
    for (const tx of txs) {
      const onChain = block.transactions.find(
        (t) => t.from.toLowerCase() === tx.from.toLowerCase() && !taken.has(t.hash),
      );
      if (!onChain) continue; // nothing was sent (nothing left to execute, or the exploit would not work)
      taken.add(onChain.hash);
      const receipt = await client.getTransactionReceipt({ hash: onChain.hash });
      found.push({
        by: tx.by,
        what: tx.what,
        sentAt: tx.sentAt,
        includedAt: at,
        block: Number(block.number),
        timestamp: Number(block.timestamp),
        txHash: onChain.hash,
        succeeded: receipt.status === 'success',
      });
    }
    return found;
  }
}
