/**
 * One virtual clock for every drill chain. Chain time moves only when the clock moves it: each
 * anvil's block-timestamp interval is 0, so a transaction's block keeps its parent's time, and the
 * clock mines each chain's empty blocks at that chain's own block time (12 s, 2 s, 0.25 s, ...).
 * A long idle stretch (a 48 h timelock) is crossed with a few blocks and one jump, so it costs no
 * wall time; near the stretch's end blocks are mined at the chain's real cadence, so relative
 * timing between chains stays faithful where it matters (delivery, activation, execution).
 */
import type { DrillChain } from './start-chains.js';

/** Most empty blocks mined on one chain per advance; the rest of a long gap is one jump. */
const MAX_BLOCKS_PER_ADVANCE = 24;

export class VirtualClock {
  /** Virtual seconds since the drill started. */
  now = 0;
  /** Unix time (seconds) that virtual time 0 is on every chain. */
  origin = 0;
  private readonly chains: readonly DrillChain[];
  /** Virtual time of each chain's next block boundary. */
  private readonly nextBlock = new Map<string, number>();
  private readonly halted = new Set<string>();

  constructor(chains: readonly DrillChain[]) {
    this.chains = chains;
  }

  /** Puts every chain at one origin (just after the latest chain's time) and stops wall-clock time. */
  async align(): Promise<void> {
    const latest = await Promise.all(this.chains.map(async (chain) => (await chain.client.getBlock()).timestamp));
    // After a state load the latest block may be older than the anvil's own clock: take both.
    this.origin = Math.max(Math.ceil(Date.now() / 1000), ...latest.map(Number)) + 2;
    await Promise.all(
      this.chains.map(async (chain) => {
        await chain.client.request({ method: 'anvil_setBlockTimestampInterval', params: [0] } as never);
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

  /** Resumes `chain` at the current virtual time: one block with everything that waited. */
  async resume(chain: DrillChain): Promise<void> {
    this.halted.delete(chain.name);
    await chain.client.request({ method: 'evm_mine', params: [this.chainTime] } as never);
    await chain.client.setAutomine(true);
    this.nextBlock.set(chain.name, this.now + chain.blockTime);
  }

  /** The first block boundary of `chain` at or after virtual time `at`. */
  boundaryAtOrAfter(chain: DrillChain, at: number): number {
    const next = this.nextBlock.get(chain.name) ?? at;
    if (next >= at) return next;
    return next + Math.ceil((at - next) / chain.blockTime) * chain.blockTime;
  }

  /** Moves virtual time to `to`, mining each running chain's blocks up to it. */
  async advanceTo(to: number): Promise<void> {
    if (to < this.now) throw new RangeError(`the clock only moves forward (now ${this.now}, asked ${to})`);
    await Promise.all(this.chains.filter((chain) => !this.halted.has(chain.name)).map((c) => this.mineUpTo(c, to)));
    this.now = to;
  }

  advanceBy(seconds: number): Promise<void> {
    return this.advanceTo(this.now + seconds);
  }

  /** Mines `chain` up to its last boundary ≤ `to`. Returns how many blocks were mined. */
  private async mineUpTo(chain: DrillChain, to: number): Promise<number> {
    const next = this.nextBlock.get(chain.name) ?? chain.blockTime;
    if (next > to) return 0;
    const count = Math.floor((to - next) / chain.blockTime) + 1;
    const last = next + (count - 1) * chain.blockTime;
    // Dense blocks at the chain's cadence just before `last`; anything older is skipped over.
    const dense = Math.min(count, MAX_BLOCKS_PER_ADVANCE);
    const first = last - (dense - 1) * chain.blockTime;
    // One `evm_mine` per block: `anvil_mine`'s interval yields to the chain's timestamp interval (0).
    for (let i = 0; i < dense; i++) {
      await chain.client.request({
        method: 'evm_mine',
        params: [this.origin + Math.floor(first + i * chain.blockTime)],
      } as never);
    }
    this.nextBlock.set(chain.name, last + chain.blockTime);
    return dense;
  }
}
