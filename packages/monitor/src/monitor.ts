/**
 * The monitor: polls every watched chain (concurrently, at most `concurrency` at once), derives a
 * snapshot from the store after each round and publishes it to its feed. One chain's dead RPC shows as
 * that chain unreachable; nothing a chain or a listener does stops the loop.
 */
import type { ReadClient } from '@lockstep/core/chain';
import type { DeriveChain } from './derive/proposals.js';
import { emptySnapshot, Feed } from './feed.js';
import { mapBounded } from './limit.js';
import type { ChainStatus, MonitorEvent, MonitorFeed, MonitorSnapshot } from './model.js';
import { buildSnapshot } from './snapshot.js';
import type { MonitorStore } from './store/types.js';
import { ChainWatcher } from './watch/chain-watcher.js';
import type { WatchedChain } from './watch/watched-chain.js';

/** Chains polled at once unless told otherwise. */
export const DEFAULT_CONCURRENCY = 8;
/** Milliseconds between rounds unless told otherwise. */
export const DEFAULT_POLL_INTERVAL_MS = 5000;

export type MonitorParameters = {
  store: MonitorStore;
  /** Every watched chain (exactly one with role `hub`) and its client. */
  chains: readonly (WatchedChain & { client: ReadClient })[];
  pollIntervalMs?: number;
  concurrency?: number;
  /** Blocks per `eth_getLogs` call. */
  maxBlockRange?: number;
  /** `eth_getLogs` calls per chain and poll at most. */
  maxRangesPerPoll?: number;
  /** The monitor's clock in unix seconds (default: the system clock). */
  clock?: () => number;
  /** A failure that is not a chain's (the store, a listener): reported, the loop goes on. */
  onError?: (error: unknown) => void;
};

export class Monitor implements MonitorFeed {
  private readonly store: MonitorStore;
  private readonly watchers: ChainWatcher[];
  private readonly deriveChains: DeriveChain[];
  private readonly statuses = new Map<number, ChainStatus>();
  private readonly feed: Feed;
  private readonly clock: () => number;
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly onError: (error: unknown) => void;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(parameters: MonitorParameters) {
    if (parameters.chains.filter((c) => c.role === 'hub').length !== 1) {
      throw new RangeError('the monitor watches exactly one hub chain (role "hub") — check the config’s networks');
    }
    this.store = parameters.store;
    this.clock = parameters.clock ?? (() => Math.floor(Date.now() / 1000));
    this.pollIntervalMs = parameters.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.concurrency = parameters.concurrency ?? DEFAULT_CONCURRENCY;
    this.onError = parameters.onError ?? (() => {});
    this.watchers = parameters.chains.map(
      ({ client, ...chain }) =>
        new ChainWatcher({
          chain,
          client,
          store: parameters.store,
          ...(parameters.maxBlockRange === undefined ? {} : { maxBlockRange: parameters.maxBlockRange }),
          ...(parameters.maxRangesPerPoll === undefined ? {} : { maxRangesPerPoll: parameters.maxRangesPerPoll }),
        }),
    );
    this.deriveChains = parameters.chains.map(({ name, chainId, role }) => ({ name, chainId, role }));
    this.feed = new Feed(emptySnapshot(this.clock()), this.onError);
  }

  current(): MonitorSnapshot {
    return this.feed.current();
  }

  subscribe(listener: (event: MonitorEvent) => void): () => void {
    return this.feed.subscribe(listener);
  }

  /** Publishes an event to the feed's listeners (the alert engine's transitions). */
  publish(event: MonitorEvent): void {
    this.feed.publish(event);
  }

  /** One round: polls every chain, builds the snapshot, publishes and returns it. */
  async pollOnce(): Promise<MonitorSnapshot> {
    await mapBounded(this.watchers, this.concurrency, async (watcher) => {
      try {
        const { status } = await watcher.poll(this.clock());
        this.statuses.set(status.chainId, status);
      } catch (error) {
        this.onError(error);
      }
    });
    const snapshot = buildSnapshot({
      now: this.clock(),
      chains: this.deriveChains,
      statuses: this.watchers.flatMap((w) => this.statuses.get(w.chain.chainId) ?? []),
      events: await this.store.events(),
      alerts: await this.store.active(),
    });
    this.feed.publish({ type: 'snapshot', snapshot });
    return snapshot;
  }

  /** Polls every `pollIntervalMs` until `stop()`. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Ends the loop after the round in progress. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.pollOnce();
      } catch (error) {
        this.onError(error);
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
