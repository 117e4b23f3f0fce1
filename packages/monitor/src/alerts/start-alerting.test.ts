import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, parseConfig } from '@lockstep/core/config';
import { readRootFile } from '@lockstep/core/roots';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertTransition } from '../model.js';
import type { AlertLogger, TransitionRecord } from '../sinks/types.js';
import { type MonitorStore, openStore } from '../store/index.js';
import { reconcileAlerts } from './book.js';
import { createTestFeed } from './feed.fixture.js';
import { chain, NOW, PROXY, snapshot, upgrade } from './snapshot.fixture.js';
import { type StartAlertingParameters, startAlerting } from './start-alerting.js';

const haltedOptimism = (takenAt: number) =>
  snapshot({
    takenAt,
    chains: [chain('ethereum', { head: { number: 5, timestamp: takenAt - 1, hash: '0x01' } }), chain('optimism')],
  });

// The store's ledger on PGlite on disk, so a restart is a real one (close, open the same folder again).
/** Both chains made a block a second before `takenAt`. */
const movingAgain = (takenAt: number) =>
  snapshot({
    takenAt,
    chains: [
      chain('ethereum', { head: { number: 6, timestamp: takenAt - 1, hash: '0x02' } }),
      chain('optimism', { head: { number: 101, timestamp: takenAt - 1, hash: '0x03' } }),
    ],
  });

let storeDir: string;
let ledger: MonitorStore;
beforeAll(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'lockstep-alerting-store-'));
  ledger = await openStore({ dataDir: storeDir });
}, 120_000);
afterAll(async () => {
  await ledger?.close();
  await rm(storeDir, { recursive: true, force: true });
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lockstep-alerting-'));
});
afterEach(async () => {
  await reconcileAlerts(ledger, [], NOW + 1_000_000);
  await rm(dir, { recursive: true, force: true });
});

function recorder() {
  const lines: string[] = [];
  const logged: string[] = [];
  const logger: AlertLogger = {
    info: (m) => logged.push(`info ${m}`),
    warn: (m) => logged.push(`warn ${m}`),
    error: (m) => logged.push(`error ${m}`),
  };
  return { lines, logged, logger, write: (line: string) => lines.push(line) };
}

function configWith(monitor: unknown) {
  const base = defaultConfig();
  return parseConfig({ ...structuredClone({ ...base, monitor }) });
}

/** Starts the engine on a fresh feed, recording what it writes and logs. */
function start(config: ReturnType<typeof configWith>, extra: Partial<StartAlertingParameters> = {}) {
  const feed = createTestFeed(snapshot());
  const { lines, logged, logger, write } = recorder();
  const alerting = startAlerting({ feed, ledger, config, logger, write, ...extra });
  return { feed, alerting, lines, logged };
}

describe('startAlerting', () => {
  it('sends each transition to the triggers of the monitors covering it, once, and clears it', async () => {
    const log = join(dir, 'alerts.jsonl');
    const config = configWith({
      monitors: [
        { name: 'chains', alerts: ['chain-halted'], triggers: ['screen', 'log'] },
        { name: 'code', alerts: ['unapproved-implementation'], triggers: ['log'] },
      ],
      triggers: { screen: { type: 'terminal' }, log: { type: 'json-log', path: log } },
    });
    const published: AlertTransition[] = [];
    const { feed, alerting, lines, logged } = start(config, { onTransition: (t) => published.push(t) });
    feed.publish({ type: 'snapshot', snapshot: haltedOptimism(NOW + 30) });
    feed.publish({ type: 'snapshot', snapshot: haltedOptimism(NOW + 40) });
    await alerting.settled();
    feed.publish({ type: 'snapshot', snapshot: movingAgain(NOW + 50) });
    await alerting.stop();

    expect(published.map((t) => `${t.type} ${t.alert.key}`)).toEqual([
      'fired chain-halted:optimism',
      'cleared chain-halted:optimism',
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/FIRED {3}warning chain-halted optimism: optimism produced no block/);
    const records = (await readFile(log, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as TransitionRecord);
    expect(records.map((r) => r.type)).toEqual(['fired', 'cleared']);
    expect(logged).toEqual([]);
  });

  it('does not fire again after a restart of monitor and store: the active alerts are the ledger’s', async () => {
    const config = configWith(undefined);
    const first = start(config);
    first.feed.publish({ type: 'snapshot', snapshot: haltedOptimism(NOW + 30) });
    await first.alerting.stop();
    expect(first.lines).toHaveLength(1);

    await ledger.close();
    ledger = await openStore({ dataDir: storeDir });
    const second = start(config);
    second.feed.publish({ type: 'snapshot', snapshot: haltedOptimism(NOW + 40) });
    await second.alerting.stop();
    expect(second.lines).toEqual([]);
    expect((await ledger.active()).map((a) => `${a.key} ${a.firedAt}`)).toEqual([`chain-halted:optimism ${NOW + 30}`]);
    // The restarted engine still clears it when the chain moves again.
    const third = start(config);
    third.feed.publish({ type: 'snapshot', snapshot: movingAgain(NOW + 50) });
    await third.alerting.stop();
    expect(third.lines).toEqual([expect.stringMatching(/CLEARED warning chain-halted optimism/)]);
  }, 120_000);

  it('turns an unapproved implementation into an unsigned pause root of that proxy on that chain, and says what to run', async () => {
    const pauses = join(dir, 'pauses');
    const config = configWith({
      monitors: [{ name: 'code', triggers: ['screen'] }],
      triggers: { screen: { type: 'terminal' } },
      emergencyPause: { dir: pauses, validForSeconds: 3600 },
    });
    const deployment = {
      hubChainId: 1,
      hub: '0x00000000000000000000000000000000000000f1',
      receiver: '0x00000000000000000000000000000000000000f2',
      adapter: '0x00000000000000000000000000000000000000f3',
    } as const;
    const { feed, alerting, logged } = start(config, { pauseBasis: async () => ({ deployment, membersNonce: 0 }) });
    feed.publish({ type: 'snapshot', snapshot: snapshot({ proposals: [upgrade('executed')] }) });
    await alerting.stop();

    const files = await readdir(pauses);
    expect(files).toEqual([`emergency-pause-optimism-${NOW - 1}.json`]);
    const path = join(pauses, files[0] ?? '');
    const document = await readRootFile(path);
    expect(document.purpose).toBe('pause');
    expect(document.signatures).toEqual([]);
    expect(document.leaves).toHaveLength(1);
    expect(document.validUntil).toBe(NOW - 1 + 3600);
    expect(document.description).toContain(`unapproved-implementation:optimism:${PROXY}`);
    expect(logged).toEqual([
      expect.stringMatching(
        new RegExp(`^warn wrote an unsigned emergency pause of optimism to ${path}.*lockstep root sign ${path}`),
      ),
    ]);
  });

  it('refuses to start with an emergency-pause rule but no way to read the deployment', () => {
    const config = configWith({
      monitors: [{ name: 'code', triggers: ['screen'] }],
      triggers: { screen: { type: 'terminal' } },
      emergencyPause: { dir },
    });
    const { logger } = recorder();
    expect(() => startAlerting({ feed: createTestFeed(snapshot()), ledger, config, logger })).toThrow(
      /monitor\.emergencyPause is set/,
    );
  });
});
