import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, parseConfig } from '@lockstep/core/config';
import { readRootFile } from '@lockstep/core/roots';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertTransition } from '../model.js';
import type { AlertLogger, TransitionRecord } from '../sinks/types.js';
import { createTestFeed } from './feed.fixture.js';
import { MemoryAlertLedger } from './memory-ledger.js';
import { chain, NOW, PROXY, snapshot, upgrade } from './snapshot.fixture.js';
import { type StartAlertingParameters, startAlerting } from './start-alerting.js';

const haltedOptimism = (takenAt: number) =>
  snapshot({
    takenAt,
    chains: [chain('ethereum', { head: { number: 5, timestamp: takenAt - 1, hash: '0x01' } }), chain('optimism')],
  });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lockstep-alerting-'));
});
afterEach(async () => {
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
function start(
  config: ReturnType<typeof configWith>,
  extra: Partial<StartAlertingParameters> = {},
  ledger = new MemoryAlertLedger(),
) {
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
    feed.publish({
      type: 'snapshot',
      snapshot: snapshot({
        takenAt: NOW + 50,
        chains: [
          chain('ethereum', { head: { number: 6, timestamp: NOW + 49, hash: '0x02' } }),
          chain('optimism', { head: { number: 101, timestamp: NOW + 49, hash: '0x03' } }),
        ],
      }),
    });
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

  it('does not fire again after a restart: the active alerts are the ledger’s', async () => {
    const ledger = new MemoryAlertLedger();
    const config = configWith(undefined);
    for (const takenAt of [NOW + 30, NOW + 40]) {
      const { feed, alerting, lines } = start(config, {}, ledger);
      feed.publish({ type: 'snapshot', snapshot: haltedOptimism(takenAt) });
      await alerting.stop();
      expect(lines.length).toBe(takenAt === NOW + 30 ? 1 : 0);
    }
    expect(ledger.history).toHaveLength(1);
  });

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
    expect(() =>
      startAlerting({ feed: createTestFeed(snapshot()), ledger: new MemoryAlertLedger(), config, logger }),
    ).toThrow(/monitor\.emergencyPause is set/);
  });
});
