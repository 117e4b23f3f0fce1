import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertKind, MonitorSnapshot } from '../model.js';
import { ALERT_KINDS } from '../model.js';
import type { MonitorStore } from '../store/index.js';
import { openMemoryStore } from '../store/pglite-template.test-util.js';
import { reconcileAlerts } from './book.js';
import { evaluateMonitors } from './evaluate.js';
import { RULES, type Rule } from './rules/index.js';
import {
  CODE_V1,
  CODE_V2,
  chain,
  EVERYTHING,
  NETWORKS,
  NOW,
  PROPOSAL_ID,
  PROXY,
  snapshot,
  upgrade,
  V1,
  V2,
} from './snapshot.fixture.js';

const DAY = 86_400;
const optimismWith = (change: Parameters<typeof chain>[1]) => [chain('ethereum'), chain('optimism', change)];
const vaultAt = (implementation: `0x${string}`, codehash: `0x${string}`) =>
  optimismWith({ proxies: [{ name: 'vault', proxy: PROXY, implementation, codehash }] });

/** Per kind: a snapshot (after `before`) where the condition holds, and one where it no longer does. */
const CASES: Record<
  AlertKind,
  { key: string; before?: MonitorSnapshot; raised: MonitorSnapshot; cleared: MonitorSnapshot }
> = {
  'unapproved-implementation': {
    key: `unapproved-implementation:optimism:${PROXY}`,
    raised: snapshot({ proposals: [upgrade('executed')] }),
    cleared: snapshot({ proposals: [upgrade('executed')], chains: vaultAt(V2, CODE_V2) }),
  },
  'codehash-mismatch': {
    key: `codehash-mismatch:optimism:${PROXY}`,
    raised: snapshot({ proposals: [upgrade('executed')], chains: vaultAt(V2, CODE_V1) }),
    cleared: snapshot({ proposals: [upgrade('executed')], chains: vaultAt(V2, CODE_V2) }),
  },
  'implementation-changed-without-proposal': {
    key: `implementation-changed-without-proposal:optimism:${PROXY}`,
    before: snapshot(),
    raised: snapshot({ chains: vaultAt(V2, CODE_V2) }),
    cleared: snapshot({ chains: vaultAt(V2, CODE_V2), proposals: [upgrade('executed')] }),
  },
  'chain-halted': {
    key: 'chain-halted:optimism',
    raised: snapshot({ chains: optimismWith({ head: { number: 100, timestamp: NOW - 100, hash: '0x01' } }) }),
    cleared: snapshot({ chains: optimismWith({ head: { number: 101, timestamp: NOW - 1, hash: '0x02' } }) }),
  },
  'chain-unreachable': {
    key: 'chain-unreachable:optimism',
    raised: snapshot({ chains: optimismWith({ reachable: false, head: undefined, error: 'ECONNREFUSED' }) }),
    cleared: snapshot(),
  },
  'activation-missed': {
    key: `activation-missed:${PROPOSAL_ID}:optimism`,
    raised: snapshot({ proposals: [upgrade('queued', { activationTime: NOW - 10 })] }),
    cleared: snapshot({ proposals: [upgrade('cancelled', { activationTime: NOW - 10 })] }),
  },
  'delivery-late': {
    key: `delivery-late:${PROPOSAL_ID}:optimism`,
    raised: snapshot({ proposals: [upgrade('attested')] }),
    cleared: snapshot({ proposals: [upgrade('delivered')] }),
  },
  'signer-set-drift': {
    key: 'signer-set-drift:guardian',
    raised: snapshot({
      signerSets: [
        { kind: 'guardian', consistent: false, byChain: { ethereum: `0x${'a'.repeat(64)}`, optimism: '0xbb' } },
      ],
    }),
    cleared: snapshot({
      signerSets: [{ kind: 'guardian', consistent: true, byChain: { ethereum: '0xbb', optimism: '0xBB' } }],
    }),
  },
  'council-term-ending': {
    key: `council-term-ending:ethereum:${NOW + 10 * DAY}`,
    raised: snapshot({
      chains: [chain('ethereum', { councilTermEnds: [NOW + 10 * DAY, NOW + 10 * DAY, NOW + 200 * DAY] })],
    }),
    cleared: snapshot({ chains: [chain('ethereum', { councilTermEnds: [NOW + 400 * DAY] })] }),
  },
};

// The real ledger (the store's, on PGlite), shared by the tests: each one starts with no active alert.
let ledger: MonitorStore;
beforeAll(async () => {
  ledger = await openMemoryStore();
  // The first store of a run makes the run's PGlite template: minutes on a loaded 2-core machine.
}, 300_000);
afterEach(async () => {
  await reconcileAlerts(ledger, [], NOW + 1_000_000);
});
afterAll(async () => {
  await ledger?.close();
});

async function step(current: MonitorSnapshot, previous?: MonitorSnapshot) {
  const conditions = evaluateMonitors({
    snapshot: current,
    previous,
    active: await ledger.active(),
    monitors: [EVERYTHING],
    networks: NETWORKS,
  });
  return (await reconcileAlerts(ledger, conditions, current.takenAt)).map((t) => `${t.type} ${t.alert.key}`);
}

describe('alert rules and the alert book', () => {
  it('a quiet snapshot raises nothing', async () => {
    expect(await step(snapshot())).toEqual([]);
  });

  it.each(ALERT_KINDS)('%s fires once while its condition holds and clears when it ends', async (kind) => {
    const { key, before, raised, cleared } = CASES[kind];
    if (before) expect(await step(before)).toEqual([]);
    expect(await step(raised, before)).toEqual([`fired ${key}`]);
    expect(await step({ ...raised, takenAt: NOW + 1 }, raised)).toEqual([]);
    expect(await step({ ...cleared, takenAt: NOW + 2 }, raised)).toEqual([`cleared ${key}`]);
    const [alert] = await ledger.alertHistory(1);
    expect(alert).toMatchObject({ key, kind, firedAt: NOW, clearedAt: NOW + 2 });
    expect(alert?.message.length).toBeGreaterThan(20);
  });

  it('an unapproved implementation names what runs and what was approved, and by which proposal', async () => {
    await step(CASES['unapproved-implementation'].raised);
    const [alert] = await ledger.active();
    expect(alert).toMatchObject({
      severity: 'critical',
      chain: 'optimism',
      proposalId: PROPOSAL_ID,
      detail: { proxy: PROXY, implementation: V1, approvedImplementation: V2, approvedBy: PROPOSAL_ID, chainId: 10 },
    });
    expect(alert?.message).toContain(`not the approved ${V2}`);
  });

  it('a halt stays active while the halted chain cannot be read', async () => {
    await step(CASES['chain-halted'].raised);
    const unreachable = snapshot({ chains: optimismWith({ reachable: false, head: undefined }), takenAt: NOW + 5 });
    expect(await step(unreachable)).toEqual(['fired chain-unreachable:optimism']);
    expect((await ledger.active()).map((a) => a.key).sort()).toEqual([
      'chain-halted:optimism',
      'chain-unreachable:optimism',
    ]);
  });

  it('an implementation change stays an alert across polls until the old implementation is back', async () => {
    const { before, raised } = CASES['implementation-changed-without-proposal'];
    await step(raised, before);
    // A later poll (the previous snapshot already shows V2): the alert remembers V1.
    expect(await step({ ...raised, takenAt: NOW + 3 }, raised)).toEqual([]);
    expect(await step(snapshot({ takenAt: NOW + 5 }), raised)).toEqual([
      `cleared implementation-changed-without-proposal:optimism:${PROXY}`,
    ]);
  });

  it('a monitor raises only its kinds on its networks, and a paused one nothing', async () => {
    const halted = CASES['chain-halted'].raised;
    const run = async (monitor: typeof EVERYTHING) =>
      evaluateMonitors({ snapshot: halted, active: [], monitors: [monitor], networks: NETWORKS }).map((c) => c.key);
    expect(await run({ ...EVERYTHING, networks: ['ethereum'] })).toEqual([]);
    expect(await run({ ...EVERYTHING, alerts: ['chain-unreachable'] })).toEqual([]);
    expect(await run({ ...EVERYTHING, paused: true })).toEqual([]);
    expect(await run({ ...EVERYTHING, thresholds: { ...EVERYTHING.thresholds, haltSeconds: 101 } })).toEqual([]);
    expect(await run({ ...EVERYTHING, alerts: ['chain-halted'], networks: ['optimism'] })).toEqual([
      'chain-halted:optimism',
    ]);
  });

  it('a delivery is late only after its margin: the monitor’s, else the proposal’s, else the network’s', async () => {
    const keys = (margin: { monitor?: number; proposal?: number }) =>
      evaluateMonitors({
        snapshot: snapshot({ proposals: [upgrade('dispatched', { deliveryMargin: margin.proposal })] }),
        active: [],
        monitors: [{ ...EVERYTHING, thresholds: { ...EVERYTHING.thresholds, deliveryMarginSeconds: margin.monitor } }],
        networks: NETWORKS,
      }).map((c) => c.kind);
    // Dispatched 2000 s ago; the network's margin is 1800 s.
    expect(keys({})).toEqual(['delivery-late']);
    expect(keys({ proposal: 2500 })).toEqual([]);
    expect(keys({ proposal: 2500, monitor: 1000 })).toEqual(['delivery-late']);
  });

  it('an activation is missed one block time after it by default (each chain its own), or after the monitor’s grace', async () => {
    // optimism's block time is 2 s; a remote optimism (no block time in the config) gets 12 s.
    const at = (seconds: number, grace?: number, networks = NETWORKS) =>
      evaluateMonitors({
        snapshot: snapshot({ proposals: [upgrade('executable', { activationTime: NOW - seconds })] }),
        active: [],
        monitors: [{ ...EVERYTHING, thresholds: { ...EVERYTHING.thresholds, activationGraceSeconds: grace } }],
        networks,
      }).map((c) => [c.key, c.detail.graceSeconds]);
    const missed = (grace: number) => [[`activation-missed:${PROPOSAL_ID}:optimism`, grace]];
    expect(at(0)).toEqual([]);
    expect(at(1)).toEqual([]);
    expect(at(2)).toEqual(missed(2));
    expect(at(0, 0)).toEqual(missed(0));
    expect(at(29, 30)).toEqual([]);
    const remote = NETWORKS.map((n) => (n.name === 'optimism' ? { ...n, rpc: 'https://optimism.example' } : n));
    expect(at(11, undefined, remote)).toEqual([]);
    expect(at(12, undefined, remote)).toEqual(missed(12));
  });

  it('one run of a rule serves every kind it raises, and a monitor keeps only the kinds it selected', async () => {
    let runs = 0;
    const both: Rule = (context) => {
      runs += 1;
      return RULES['unapproved-implementation'](context);
    };
    const rules = { ...RULES, 'unapproved-implementation': both, 'codehash-mismatch': both };
    const { raised } = CASES['codehash-mismatch'];
    const keys = (alerts?: AlertKind[]) =>
      evaluateMonitors({
        snapshot: raised,
        active: [],
        monitors: [{ ...EVERYTHING, alerts }],
        networks: NETWORKS,
        rules,
      }).map((c) => c.key);
    expect(keys()).toEqual([CASES['codehash-mismatch'].key]);
    expect(runs).toBe(1);
    expect(keys(['unapproved-implementation'])).toEqual([]);
    expect(keys(['codehash-mismatch', 'unapproved-implementation'])).toEqual([CASES['codehash-mismatch'].key]);
    expect(runs).toBe(3);
    // The real table maps both kinds to one rule.
    expect(RULES['codehash-mismatch']).toBe(RULES['unapproved-implementation']);
  });
});
