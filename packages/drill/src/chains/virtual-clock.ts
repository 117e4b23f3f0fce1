/**
 * One virtual clock for every drill chain. Chain time moves only when the clock moves it, and every
 * block respects its chain's block time:
 *
 * - The clock mines each chain's blocks at that chain's boundaries (12 s, 2 s, 0.25 s, ...). A long
 *   idle stretch (a 48 h timelock) is crossed with a few blocks and one jump (missed slots), so it
 *   costs no wall time. Only a chain whose blocks someone counts (one with a finality depth: the
 *   guardians wait for its blocks) gets the blocks just before each advance's end at its cadence;
 *   on any other chain an advance is one block at its last boundary (the slots before it missed),
 *   which is all anyone reads there: the head's time. Empty blocks were most of what 128 chains
 *   cost the anvils and the monitor, which reads every block.
 * - A transaction someone sends between boundaries is mined at once (automine) in a block stamped
 *   `parent + ⌈block time⌉` (anvil's timestamp interval), never at its parent's time; the clock
 *   reads each chain's head before it mines, so later blocks keep the spacing.
 * - Where order inside one block matters (the keeper's execution and the attacker's sweep at
 *   activation, the first block after a halt), `buildBlock` stops automine, lets the actors submit
 *   in a stated order (anvil runs with `--order fifo`: arrival order is block order) and mines one
 *   block at the chain's next boundary.
 *
 * Virtual time 0 is `origin` on every chain: a fixed instant after the drill's fixed genesis time,
 * not the wall clock, so the same scenario and seed give the same timestamps and message ids.
 *
 * A skewed chain (a `clock-skew` fault) stamps its blocks `origin + offset + t` from the skew on:
 * a lead is one jump forward (a block `offset` seconds further than its block time), a lag is a
 * stall (no block until its own clock is past its head again). Timestamps never go backwards and
 * never come faster than the block time allows.
 */
import { toHex } from 'viem';
import { DRILL_GENESIS_TIMESTAMP } from './genesis.js';
import type { DrillChain } from './start-chains.js';

/** Most empty blocks mined per advance on a chain whose blocks are counted; the rest of a long gap is one jump. */
const MAX_BLOCKS_PER_ADVANCE = 24;
/** Virtual time 0 lies this long after genesis (the deploy's own blocks fit well inside). */
const ORIGIN_AFTER_GENESIS_SECONDS = 86_400;

/** The timestamp step of a block mined on a transaction: the block time, rounded up to whole seconds. */
export function automineInterval(blockTime: number): number {
  return Math.max(1, Math.ceil(blockTime));
}

export class VirtualClock {
  /** Virtual seconds since the drill started. */
  now = 0;
  /** Unix time (seconds) that virtual time 0 is on every chain. */
  origin = 0;
  private readonly chains: readonly DrillChain[];
  /** Virtual time of each chain's next block boundary. */
  private readonly nextBlock = new Map<string, number>();
  private readonly halted = new Set<string>();
  /** Virtual time of each chain's latest block, as last read. */
  private readonly head = new Map<string, number>();
  /** Base fees held on a chain (a `gas-spike`): every block the clock mines there carries it. */
  private readonly pinnedBaseFee = new Map<string, bigint>();
  /** Seconds a skewed chain's clock leads (positive) or lags (negative) the hub's. */
  private readonly offset = new Map<string, number>();

  constructor(chains: readonly DrillChain[]) {
    this.chains = chains;
  }

  /**
   * Puts every chain at one origin and stops wall-clock time: blocks come only from the clock, or
   * one per transaction at the chain's block time.
   */
  async align(): Promise<void> {
    const latest = await Promise.all(this.chains.map(async (chain) => (await chain.client.getBlock()).timestamp));
    // Fresh chains start at the fixed genesis; a fork (or an old cached state) may be later: then after it.
    this.origin = Math.max(DRILL_GENESIS_TIMESTAMP + ORIGIN_AFTER_GENESIS_SECONDS, ...latest.map((t) => Number(t) + 2));
    await Promise.all(
      this.chains.map(async (chain) => {
        await chain.client.request({
          method: 'anvil_setBlockTimestampInterval',
          params: [automineInterval(chain.blockTime)],
        } as never);
        await chain.client.request({ method: 'evm_mine', params: [this.origin] } as never);
        this.nextBlock.set(chain.name, chain.blockTime);
      }),
    );
  }

  /** Unix time on the chains now. */
  get chainTime(): number {
    return this.origin + Math.floor(this.now);
  }

  isHalted(chain: string): boolean {
    return this.halted.has(chain);
  }

  /** Stops `chain` producing blocks: its transactions wait in the mempool. */
  async halt(chain: DrillChain): Promise<void> {
    this.halted.add(chain.name);
    await chain.client.setAutomine(false);
  }

  /**
   * Resumes `chain` now: one block with everything that waited, plus what `fill` submits (after
   * what waited); then it mines on transactions again. Returns the block's virtual time.
   */
  async resume(chain: DrillChain, fill?: (at: number) => Promise<void>): Promise<number> {
    this.halted.delete(chain.name);
    await this.syncHead(chain);
    const at = Math.max(this.now, this.nextBlock.get(chain.name) ?? this.now);
    try {
      if (fill) await this.stampNext(chain, at);
      await fill?.(at);
      await this.mineAt(chain, at);
    } finally {
      await chain.client.setAutomine(true);
    }
    this.nextBlock.set(chain.name, at + chain.blockTime);
    return at;
  }

  /**
   * Mines one block on halted `chain` at virtual time `at` (not before its next boundary) with
   * exactly what `fill` submits, and leaves it halted: a block forced through L1 while its
   * sequencer is down (`sequencer-outage`). Returns the block's virtual time.
   */
  async forceBlock(chain: DrillChain, at: number, fill: (at: number) => Promise<void>): Promise<number> {
    if (!this.halted.has(chain.name)) throw new Error(`${chain.name} is running: a forced block is for a halted chain`);
    const when = Math.max(at, this.nextBlock.get(chain.name) ?? at);
    await this.stampNext(chain, when);
    await fill(when);
    await this.mineAt(chain, when);
    this.head.set(chain.name, when);
    this.nextBlock.set(chain.name, when + chain.blockTime);
    return when;
  }

  /**
   * Holds `chain`'s base fee at `wei` (wei per gas) for every block from its next one (anvil's
   * `anvil_setNextBlockBaseFeePerGas`, set again before and after each block the clock mines);
   * undefined lets it go: EIP-1559 then lowers it by an eighth per empty block.
   */
  async pinBaseFee(chain: DrillChain, wei: bigint | undefined): Promise<void> {
    if (wei === undefined) this.pinnedBaseFee.delete(chain.name);
    else this.pinnedBaseFee.set(chain.name, wei);
    await this.applyBaseFee(chain);
  }

  /** Seconds `chain`'s block timestamps lead (positive) or lag (negative) virtual time: 0 unless skewed. */
  offsetOf(chain: string): number {
    return this.offset.get(chain) ?? 0;
  }

  /** Unix time `chain`'s block at virtual time `at` is stamped with. */
  chainTimeAt(chain: DrillChain, at: number): number {
    return this.origin + this.offsetOf(chain.name) + Math.floor(at);
  }

  /** The virtual time at which `chain`'s own clock shows `timestamp` (unix seconds). */
  toVirtual(chain: DrillChain, timestamp: number): number {
    return timestamp - this.origin - this.offsetOf(chain.name);
  }

  /**
   * Skews `chain`'s clock by `seconds` (whole, non-zero) from now on: a lead stamps its next block
   * that much further on; a lag holds its blocks back until its own clock has passed its head.
   */
  async skew(chain: DrillChain, seconds: number): Promise<void> {
    if (!Number.isInteger(seconds)) throw new RangeError(`a clock skew is whole seconds (got ${seconds})`);
    this.offset.set(chain.name, this.offsetOf(chain.name) + seconds);
    if (!this.halted.has(chain.name)) await this.syncHead(chain);
  }

  /** The first block boundary of `chain` at or after virtual time `at` (as far as the clock knows: see `sync`). */
  boundaryAtOrAfter(chain: DrillChain, at: number): number {
    const next = this.nextBlock.get(chain.name) ?? at;
    if (next >= at) return next;
    return next + Math.ceil((at - next) / chain.blockTime - 1e-9) * chain.blockTime;
  }

  /** Learns the blocks transactions mined on `chains` since the clock last looked (one read each). */
  async sync(chains: readonly DrillChain[]): Promise<void> {
    await Promise.all(chains.filter((chain) => !this.halted.has(chain.name)).map((chain) => this.syncHead(chain)));
  }

  /**
   * The virtual time of the latest block on any running chain (transactions mine blocks ahead of
   * `now`: a sender that waited for its receipt waited until then).
   */
  async latestBlockTime(): Promise<number> {
    await this.sync(this.chains);
    return Math.max(
      this.now,
      ...this.chains.filter((c) => !this.halted.has(c.name)).map((c) => this.head.get(c.name) ?? 0),
    );
  }

  /**
   * Mines `chain`'s next block, at its first boundary at or after `notBefore` (default now), with
   * exactly the transactions `fill` submits, in submission order. `fill` must only submit: the
   * block does not exist until it returns. Returns the block's virtual time.
   */
  async buildBlock(chain: DrillChain, fill: () => Promise<void>, notBefore = this.now): Promise<number> {
    if (this.halted.has(chain.name)) throw new Error(`${chain.name} is halted: it builds no block`);
    await this.syncHead(chain);
    const at = this.boundaryAtOrAfter(chain, notBefore);
    await chain.client.setAutomine(false);
    try {
      await fill();
      await this.mineAt(chain, at);
    } finally {
      await chain.client.setAutomine(true);
    }
    this.nextBlock.set(chain.name, at + chain.blockTime);
    return at;
  }

  /**
   * Moves virtual time to `to`, mining each running chain's blocks up to it; a chain in `reserved`
   * gets no block at `to` itself (the caller builds that one with `buildBlock`).
   */
  async advanceTo(to: number, reserved: ReadonlySet<string> = new Set()): Promise<void> {
    if (to < this.now) throw new RangeError(`the clock only moves forward (now ${this.now}, asked ${to})`);
    await Promise.all(
      this.chains
        .filter((chain) => !this.halted.has(chain.name))
        .map((c) => this.mineUpTo(c, reserved.has(c.name) ? to - 1e-6 : to)),
    );
    this.now = to;
  }

  advanceBy(seconds: number): Promise<void> {
    return this.advanceTo(this.now + seconds);
  }

  /** Moves the next boundary past blocks that transactions mined (each one block time after its parent). */
  private async syncHead(chain: DrillChain): Promise<void> {
    await this.applyBaseFee(chain);
    const head = this.toVirtual(chain, Number((await chain.client.getBlock({ blockTag: 'latest' })).timestamp));
    this.head.set(chain.name, head);
    const next = this.nextBlock.get(chain.name) ?? chain.blockTime;
    if (head + chain.blockTime > next) this.nextBlock.set(chain.name, head + chain.blockTime);
  }

  /**
   * Tells the node the timestamp of `chain`'s next block, so what is estimated or simulated for it
   * before it is mined sees that time (a block after a long gap: its parent's time plus the
   * interval would be hours early).
   */
  private async stampNext(chain: DrillChain, at: number): Promise<void> {
    await chain.client.request({ method: 'evm_setNextBlockTimestamp', params: [this.chainTimeAt(chain, at)] } as never);
  }

  private async mineAt(chain: DrillChain, at: number): Promise<void> {
    await this.applyBaseFee(chain);
    await chain.client.request({ method: 'evm_mine', params: [this.chainTimeAt(chain, at)] } as never);
    await this.applyBaseFee(chain);
  }

  /** Sets the chain's next block's base fee when one is held there (no call otherwise). */
  private async applyBaseFee(chain: DrillChain): Promise<void> {
    const wei = this.pinnedBaseFee.get(chain.name);
    if (wei === undefined) return;
    await chain.client.request({ method: 'anvil_setNextBlockBaseFeePerGas', params: [toHex(wei)] } as never);
  }

  /** Mines `chain` up to its last boundary ≤ `to`. Returns how many blocks were mined. */
  private async mineUpTo(chain: DrillChain, to: number): Promise<number> {
    if ((this.nextBlock.get(chain.name) ?? chain.blockTime) > to) return 0;
    await this.syncHead(chain);
    const next = this.nextBlock.get(chain.name) ?? chain.blockTime;
    if (next > to) return 0;
    const count = Math.floor((to - next) / chain.blockTime + 1e-9) + 1;
    const last = next + (count - 1) * chain.blockTime;
    // Blocks at the chain's cadence just before `last` where blocks are counted; anything older is skipped over.
    const dense = Math.min(count, chain.finalityDepth > 0 ? MAX_BLOCKS_PER_ADVANCE : 1);
    const first = last - (dense - 1) * chain.blockTime;
    const times = Array.from({ length: dense }, (_, i) => first + i * chain.blockTime);
    if (this.pinnedBaseFee.has(chain.name)) {
      // A held base fee is set again around every block: one `evm_mine` per block.
      for (const at of times) await this.mineAt(chain, at);
    } else {
      await this.mineRuns(
        chain,
        times.map((at) => this.chainTimeAt(chain, at)),
      );
    }
    this.nextBlock.set(chain.name, last + chain.blockTime);
    return dense;
  }

  /**
   * Mines one block per timestamp in `stamps` (non-decreasing) with as few calls as anvil allows:
   * each run of equally spaced stamps is one `evm_mine` of that many blocks, the first stamped
   * exactly and the rest by anvil's timestamp interval (set to the run's spacing for the run, then
   * back to the automine interval). A whole-second chain's stretch is one call; a sub-second chain
   * (stamps `floor(t)`: several blocks per second share one) needs one call per second.
   */
  private async mineRuns(chain: DrillChain, stamps: readonly number[]): Promise<void> {
    const automine = automineInterval(chain.blockTime);
    let interval = automine;
    try {
      for (const run of equallySpacedRuns(stamps)) {
        if (run.count > 1 && run.spacing !== interval) {
          await chain.client.request({ method: 'anvil_setBlockTimestampInterval', params: [run.spacing] } as never);
          interval = run.spacing;
        }
        await chain.client.request({
          method: 'evm_mine',
          params: [{ timestamp: run.first, blocks: run.count }],
        } as never);
      }
    } finally {
      if (interval !== automine) {
        await chain.client.request({ method: 'anvil_setBlockTimestampInterval', params: [automine] } as never);
      }
    }
  }
}

/** A run of blocks whose timestamps step by the same `spacing` (seconds, ≥ 0) from `first`. */
export type TimestampRun = { first: number; count: number; spacing: number };

/** Splits non-decreasing `stamps` into maximal runs of equal spacing, in order. */
export function equallySpacedRuns(stamps: readonly number[]): TimestampRun[] {
  const runs: TimestampRun[] = [];
  for (const stamp of stamps) {
    const run = runs.at(-1);
    if (run === undefined) {
      runs.push({ first: stamp, count: 1, spacing: 0 });
      continue;
    }
    const previous = run.first + (run.count - 1) * run.spacing;
    const step = stamp - previous;
    if (step < 0) throw new RangeError(`block timestamps go backwards (${stamp} after ${previous})`);
    if (run.count === 1) {
      run.spacing = step;
      run.count = 2;
    } else if (step === run.spacing) {
      run.count += 1;
    } else {
      runs.push({ first: stamp, count: 1, spacing: 0 });
    }
  }
  return runs;
}
