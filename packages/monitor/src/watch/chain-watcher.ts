/**
 * One chain's watcher: each poll reads the chain's new events into the store (`pollChain`), then what
 * its registered proxies run, and reports the chain's status. An RPC failure makes the chain
 * `reachable: false` with the error and keeps what was known before.
 */
import type { ReadClient } from '@lockstep/core/chain';
import { BaseError } from 'viem';
import { councilSets, currentCouncil } from '../derive/council-sets.js';
import { registeredProxies } from '../derive/proxies.js';
import { chainSignerSets } from '../derive/signer-sets.js';
import type { ChainStatus, WatchedProxy } from '../model.js';
import type { MonitorStore } from '../store/types.js';
import { type Head, pollChain } from './poll-chain.js';
import { readProxyStates } from './read-proxy-state.js';
import type { WatchedChain } from './watched-chain.js';

export type ChainWatcherParameters = {
  chain: WatchedChain;
  client: ReadClient;
  store: MonitorStore;
  maxBlockRange?: number;
  maxRangesPerPoll?: number;
};

/** What one poll of one chain saw. */
export type ChainPoll = { status: ChainStatus; events: number; rewoundFrom?: number };

export class ChainWatcher {
  readonly chain: WatchedChain;
  private readonly client: ReadClient;
  private readonly store: MonitorStore;
  private readonly limits: Pick<ChainWatcherParameters, 'maxBlockRange' | 'maxRangesPerPoll'>;
  private head: Head | undefined;
  private proxies: WatchedProxy[] = [];

  constructor(parameters: ChainWatcherParameters) {
    this.chain = parameters.chain;
    this.client = parameters.client;
    this.store = parameters.store;
    const { maxBlockRange, maxRangesPerPoll } = parameters;
    this.limits = {
      ...(maxBlockRange === undefined ? {} : { maxBlockRange }),
      ...(maxRangesPerPoll === undefined ? {} : { maxRangesPerPoll }),
    };
  }

  /** Polls the chain once at `now` (unix seconds). An RPC failure (a viem error) makes the chain unreachable; anything else (the store) throws. */
  async poll(now: number): Promise<ChainPoll> {
    const { chain } = this;
    let events = 0;
    let rewoundFrom: number | undefined;
    let error: string | undefined;
    try {
      const result = await pollChain({
        client: this.client,
        store: this.store,
        chain,
        ...this.limits,
      });
      this.head = result.head;
      events = result.events;
      rewoundFrom = result.rewoundFrom;
    } catch (cause) {
      if (!(cause instanceof BaseError)) throw cause;
      error = describe(cause);
    }
    const stored = await this.store.events({ chainId: chain.chainId });
    if (error === undefined) {
      try {
        this.proxies = await this.readProxies(stored);
      } catch (cause) {
        if (!(cause instanceof BaseError)) throw cause;
        error = describe(cause);
      }
    }
    const checkpoint = await this.store.checkpoint(chain.chainId);
    const council = chain.role === 'hub' ? currentCouncil(councilSets(stored)) : undefined;
    const status: ChainStatus = {
      chain: chain.name,
      chainId: chain.chainId,
      reachable: error === undefined,
      ...(error === undefined ? {} : { error }),
      ...(this.head ? { head: this.head, lagSeconds: Math.max(0, now - this.head.timestamp) } : {}),
      ...(checkpoint ? { checkpoint: checkpoint.number } : {}),
      proxies: this.proxies,
      signerSets: chainSignerSets(stored),
      ...(council ? { councilTermEnds: council.termEnds } : {}),
    };
    return { status, events, ...(rewoundFrom === undefined ? {} : { rewoundFrom }) };
  }

  private async readProxies(stored: Parameters<typeof registeredProxies>[0]): Promise<WatchedProxy[]> {
    const registered = registeredProxies(stored);
    const states = await readProxyStates(
      this.client,
      this.chain.chainId,
      registered.map((p) => p.proxy),
    );
    return registered.map((entry, i) => {
      const state = states[i];
      return {
        name: entry.name,
        proxy: entry.proxy,
        implementation: state?.implementation ?? entry.implementation,
        codehash: state?.codehash ?? '0x',
        approvedCodehash: entry.approvedCodehash,
        approvedImplementation: entry.implementation,
        ...(state?.paused === undefined ? {} : { paused: state.paused }),
      };
    });
  }
}

/** One line for the status: viem's short message when there is one. */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const short = (error as { shortMessage?: string }).shortMessage;
    return (short ?? error.message).split('\n')[0] ?? error.name;
  }
  return String(error);
}
