import type { PhaseTiming } from '../types.js';

/** One bench measurement: a happy-path drill, timed in a process of its own. */
export type BenchRun = {
  chains: number;
  cache: 'cold' | 'warm';
  wallMs: number;
  phases: PhaseTiming[];
  outcome: 'pass' | 'fail';
  vulnerabilityWindowSeconds: number | null;
  slowestBlockTime: number;
  relayLatency: { chain: string; wallMs: number; blocks: number }[];
  /** The machine's 1-minute load average when the run started and ended (a shared machine inflates times). */
  load: { before: number; after: number };
  /**
   * Set on the run the bench reports for a chain count and cache: the wall times of every
   * measurement of it, ascending (this run is their median).
   */
  wallMsSamples?: number[];
};
