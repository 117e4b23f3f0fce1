/**
 * The alert engine attached to the real Monitor on the real anvils of `startMonitorDevnet`, with the
 * store's ledger (in-memory PGlite), as in production. The monitor's clock is the chains' clock,
 * moved on by hand (`tick`): each move mines one block at the new time, so the chains' heads and the
 * monitor agree on what "now" is.
 */
import { parseConfig } from '@lockstep/core/config';
import { createTestClient, http, publicActions } from 'viem';
import type { AlertTransition } from '../model.js';
import { Monitor, type MonitorParameters } from '../monitor.js';
import { openMemoryStore } from '../store/pglite-template.test-util.js';
import type { MonitorStore } from '../store/types.js';
import { type MonitorDevnet, NETWORKS, startMonitorDevnet } from '../test-devnet.js';
import type { PauseBasis } from './emergency-pause.js';
import { type Alerting, startAlerting } from './start-alerting.js';

export type StartAnvilAlertingParameters = {
  /** The config's `monitor` section, as written in a config file. */
  monitor: Record<string, unknown>;
  /** What an emergency pause is built on (required when the section has `emergencyPause`). */
  pauseBasis?: (devnet: MonitorDevnet) => () => Promise<PauseBasis>;
  /** The chains the monitor watches. Default: the devnet's. */
  chains?: (devnet: MonitorDevnet) => Promise<MonitorParameters['chains']>;
};

export type AnvilAlerting = {
  devnet: MonitorDevnet;
  store: MonitorStore;
  monitor: Monitor;
  /** What the terminal trigger and the engine's logger wrote (`warn …`, `error …` for the logger). */
  lines: string[];
  testClient(chain: string): ReturnType<typeof testClientOf>;
  /** The monitor's clock. */
  now(): number;
  /** The newest block's timestamp on any chain. */
  newestTimestamp(): Promise<number>;
  /** Moves the clock to `timestamp` and mines one block at that time on each of `chains`. */
  tickTo(timestamp: number, chains?: readonly string[]): Promise<void>;
  /** Moves the clock on by `seconds` (at least past the newest block) and mines one block then on each of `chains`. */
  tick(seconds: number, chains?: readonly string[]): Promise<void>;
  /** One poll, and the transitions the alert engine made of it (`fired <key>`, `cleared <key>`). */
  poll(): Promise<string[]>;
  stop(): Promise<void>;
};

const ALL = NETWORKS.map((n) => n.name);

function testClientOf(url: string | undefined) {
  return createTestClient({ mode: 'anvil', transport: http(url) }).extend(publicActions);
}

export async function startAnvilAlerting(parameters: StartAnvilAlertingParameters): Promise<AnvilAlerting> {
  const devnet = await startMonitorDevnet();
  let store: MonitorStore | undefined;
  let alerting: Alerting | undefined;
  try {
    store = await openMemoryStore();
    const ledger = store;
    const config = parseConfig({ ...structuredClone(devnet.config), monitor: parameters.monitor });
    const lines: string[] = [];
    const transitions: AlertTransition[] = [];
    const testClient = (chain: string) => testClientOf(devnet.rpcUrls[chain]);
    const newestTimestamp = async () => {
      const heads = await Promise.all(ALL.map((name) => testClient(name).getBlock()));
      return Math.max(...heads.map((b) => Number(b.timestamp)));
    };
    let now = 0;
    const tickTo = async (timestamp: number, chains: readonly string[] = ALL) => {
      const newest = await newestTimestamp();
      if (timestamp <= newest) throw new Error(`cannot tick to ${timestamp}: a chain is already at ${newest}`);
      now = timestamp;
      for (const chain of chains) {
        const client = testClient(chain);
        await client.setNextBlockTimestamp({ timestamp: BigInt(now) });
        await client.mine({ blocks: 1 });
      }
    };
    const tick = async (seconds: number, chains: readonly string[] = ALL) =>
      tickTo(Math.max(now + seconds, (await newestTimestamp()) + 1), chains);
    now = await newestTimestamp();
    await tick(1);
    const chains = parameters.chains ? await parameters.chains(devnet) : devnet.chains();
    const monitor = new Monitor({ store: ledger, chains, clock: () => now });
    alerting = startAlerting({
      feed: monitor,
      ledger,
      config,
      logger: { info: () => {}, warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) },
      ...(parameters.pauseBasis ? { pauseBasis: parameters.pauseBasis(devnet) } : {}),
      write: (line) => lines.push(line),
      onTransition: (transition) => {
        transitions.push(transition);
        monitor.publish({ type: 'alert', transition });
      },
    });
    const engine = alerting;
    return {
      devnet,
      store: ledger,
      monitor,
      lines,
      testClient,
      now: () => now,
      newestTimestamp,
      tickTo,
      tick,
      async poll() {
        const before = transitions.length;
        await monitor.pollOnce();
        await engine.settled();
        return transitions.slice(before).map((t) => `${t.type} ${t.alert.key}`);
      },
      async stop() {
        await engine.stop();
        await ledger.close();
        await devnet.stop();
      },
    };
  } catch (error) {
    await alerting?.stop();
    await store?.close();
    await devnet.stop();
    throw error;
  }
}
