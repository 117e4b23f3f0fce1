/** Issue #13: every outcome a drill can reach is named in its report (not a revert dump, not a crash). */
import { readMessageState } from '@lockstep/core/relay';
import { type Address, createPublicClient, type Hex, http } from 'viem';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../report/render-markdown.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { fourChainScenario } from '../testing/scenarios.js';
import { runDrill } from './run-drill.js';

const DAY = 86_400;

describe('runDrill: outcomes named', () => {
  it('a message that reaches its chain after its expiry is named: chain report, timeline, alert to re-propose', async () => {
    // Polygon is down for 8 days from dispatch: it is back after the message's expiry (activation + 7 days).
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-expired-on-arrival',
        attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
        faults: [
          {
            kind: 'halt-chain',
            target: 'polygon',
            trigger: { after: 'dispatched', delaySeconds: 0 },
            durationSeconds: 8 * DAY,
          },
        ],
        expect: { upgraded: ['ethereum', 'arbitrum', 'optimism'], unchanged: ['polygon'], alerts: ['message-expired'] },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const polygon = report.chains.find((c) => c.name === 'polygon');
    const activation = report.rounds[0]?.activationAt ?? 0;
    expect(polygon?.expiredOnArrival).toMatchObject({ expiresAt: activation + 7 * DAY });
    expect(polygon?.expiredOnArrival?.executableAt).toBeGreaterThanOrEqual(polygon?.expiredOnArrival?.expiresAt ?? 0);
    expect(polygon?.executedAtBlock).toBeNull();
    for (const other of report.chains.filter((c) => c.name !== 'polygon')) expect(other.expiredOnArrival).toBeNull();
    const alert = report.alerts.find((a) => a.kind === 'message-expired');
    expect(alert).toMatchObject({ chain: 'polygon' });
    expect(alert?.message).toMatch(/ReceiverExpiredOnArrival/);
    expect(alert?.message).toMatch(/[Rr]e-propose/);
    expect(alert?.detectedAfterSeconds).toBe(0); // the refusal is the observation
    expect(report.timeline).toContainEqual(expect.objectContaining({ chain: 'polygon', kind: 'expired' }));
    // The health table does not call the round healthy while polygon stays on the old code.
    const markdown = renderMarkdown(report);
    expect(markdown).not.toMatch(/3 of 3 healthy/);
    expect(markdown).toMatch(/polygon: message expired on arrival/);
  });
});

describe('runDrill: every alert is detected', () => {
  it('the halted-chain drill: chain-halted comes from the block-production detector, after the halt, with its latency', async () => {
    const { report } = await runDrill({ scenario: await loadScenario('halted-chain') });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const halt = report.faults.find((f) => f.kind === 'halt-chain');
    const alert = report.alerts.find((a) => a.kind === 'chain-halted');
    expect(alert).toMatchObject({ chain: 'polygon' });
    // Polygon (2 s blocks) counts as halted after 3 missed blocks: detected no sooner than 6 s after the halt.
    expect(alert?.detectedAfterSeconds).toBeGreaterThanOrEqual(6);
    expect(alert?.at).toBe((halt?.injectedAt ?? 0) + (alert?.detectedAfterSeconds ?? 0));
    expect(alert?.message).toMatch(/no block for \d+ s/);
    // Only the halted chain: the others kept producing blocks.
    expect(report.alerts.filter((a) => a.kind === 'chain-halted').map((a) => a.chain)).toEqual(['polygon']);
    // Every detection carries its latency.
    const ack = report.alerts.find((a) => a.kind === 'message-not-acknowledged');
    expect(ack?.detectedAfterSeconds).toBeGreaterThanOrEqual(0);
  });

  it('a scenario expecting chain-halted without any halt fails: nothing writes the alert but the detector', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-no-halt',
        attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
        expect: { upgraded: 'all', alerts: ['chain-halted'] },
      }),
    });
    expect(report.alerts.map((a) => a.kind)).not.toContain('chain-halted');
    expect(report.outcome).toBe('fail');
    expect(report.expectations.filter((e) => !e.passed)).toEqual([
      expect.objectContaining({ description: expect.stringMatching(/chain-halted/) }),
    ]);
  });
});

describe('runDrill: faults on the hub end in a report that names them', () => {
  it('the hub halted across the end of the timelock: dispatch waits for its first block after it resumes', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-hub-halted-at-timelock-end',
        attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
        faults: [
          {
            kind: 'halt-chain',
            target: 'ethereum',
            // 10 minutes before the 48 h timelock ends, for an hour.
            trigger: { after: 'scheduled', delaySeconds: 172_800 - 600 },
            durationSeconds: 3600,
          },
        ],
        expect: { upgraded: 'all', exactlyOnce: true, alerts: ['chain-halted', 'dispatch-delayed'] },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const halt = report.faults.find((f) => f.kind === 'halt-chain');
    expect(halt?.clearedAt).not.toBeNull();
    // Dispatched once the hub runs again, not before: in its block after the one that resumed it (12 s).
    expect(report.rounds[0]?.dispatchedAt).toBe((halt?.clearedAt ?? 0) + 12);
    expect(report.alerts.find((a) => a.kind === 'chain-halted')?.chain).toBe('ethereum');
    const delayed = report.alerts.find((a) => a.kind === 'dispatch-delayed');
    expect(delayed?.message).toMatch(/halted at the end of the timelock/);
    expect(delayed?.at).toBeLessThan(halt?.clearedAt ?? 0); // raised when the timelock ended, not at the resumption
  });

  it('the hub halted at dispatch: the report says the dispatch is not final (not a lost quorum), and the fallback never ratifies it', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-hub-halted-at-dispatch',
        attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
        faults: [
          {
            kind: 'halt-chain',
            target: 'ethereum',
            trigger: { after: 'dispatched', delaySeconds: 0 },
            durationSeconds: 3600,
          },
        ],
        expect: { upgraded: 'all', exactlyOnce: true, alerts: ['chain-halted', 'dispatch-not-final'] },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const kinds = report.alerts.map((a) => a.kind);
    expect(kinds).not.toContain('bridge-quorum-lost');
    expect(kinds).not.toContain('fallback-ratified');
    const notFinal = report.alerts.find((a) => a.kind === 'dispatch-not-final');
    expect(notFinal).toMatchObject({ chain: 'ethereum' });
    expect(notFinal?.message).toMatch(/hub ethereum is halted/);
    expect(notFinal?.message).toMatch(/not final/);
    const halt = report.faults.find((f) => f.kind === 'halt-chain');
    for (const chain of report.chains) {
      // Only the guardians delivered, and only after the hub resumed and the dispatch became final.
      expect(chain.deliveredVia).toBe('guardians');
      expect(chain.queuedAt).toBeGreaterThan(halt?.clearedAt ?? Number.POSITIVE_INFINITY);
    }
  });
});

describe('runDrill: the fallback council waits for a final dispatch', () => {
  it('guardians gone and the hub halted at dispatch: the fallback ratifies only after the hub resumed and the dispatch is final', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-hub-halted-guardians-gone',
        attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
        faults: [
          { kind: 'kill-guardians', count: 8, trigger: { after: 'dispatched', delaySeconds: 0 } },
          {
            kind: 'halt-chain',
            target: 'ethereum',
            trigger: { after: 'dispatched', delaySeconds: 0 },
            durationSeconds: 3600,
          },
        ],
        expect: { upgraded: 'all', exactlyOnce: true, alerts: ['dispatch-not-final', 'fallback-ratified'] },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const resumed = report.faults.find((f) => f.kind === 'halt-chain')?.clearedAt ?? Number.POSITIVE_INFINITY;
    const ratified = report.alerts.filter((a) => a.kind === 'fallback-ratified');
    expect(ratified.length).toBeGreaterThan(0);
    // Never before the dispatch was final (the hub resumed, then 2 hub blocks), and then only after 600 s below quorum.
    for (const alert of ratified) expect(alert.at).toBeGreaterThanOrEqual(resumed + 24 + 600);
    const lost = report.alerts.find((a) => a.kind === 'bridge-quorum-lost');
    expect(lost?.at).toBeGreaterThanOrEqual(resumed);
    // Its latency runs from the dispatch's finality (after the resumption), not from the guardians' loss.
    expect((lost?.at ?? 0) - (lost?.detectedAfterSeconds ?? Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(resumed);
    for (const chain of report.chains) expect(chain.deliveredVia).toBe('fallback');
  });
});

describe('runDrill: delay-message', () => {
  it('the built-in delayed-message drill: delivered late (not lost), the minimum delay applies after activation, noticed by the monitor', async () => {
    const { report } = await runDrill({ scenario: await loadScenario('delayed-message') });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const [round] = report.rounds;
    const fault = report.faults.find((f) => f.kind === 'delay-message');
    const optimism = report.chains.find((c) => c.name === 'optimism');
    const others = report.chains.filter((c) => c.name !== 'optimism');
    // Queued only when the delay ended (2 h after dispatch, past the activation time), exactly once.
    expect(fault?.clearedAt).toBe((fault?.injectedAt ?? 0) + 7200);
    expect(optimism?.queuedAt).toBeGreaterThanOrEqual(fault?.clearedAt ?? Number.POSITIVE_INFINITY);
    expect(optimism?.queuedAt).toBeGreaterThan(round?.activationAt ?? Number.POSITIVE_INFINITY);
    expect(optimism?.deliveries).toBe(1);
    // The receiver's minimum delay (1 h) after the late delivery.
    expect((optimism?.executableAt ?? 0) - (optimism?.queuedAt ?? 0)).toBeCloseTo(3600, 0);
    expect(optimism?.executedAtTimestamp).toBeGreaterThan(
      Math.max(...others.map((c) => c.executedAtTimestamp ?? 0)) + 3600,
    );
    expect(report.alerts.find((a) => a.kind === 'message-not-acknowledged')?.chain).toBe('optimism');
    expect(BigInt(optimism?.fundsLost ?? '0')).toBeGreaterThan(0n);
    for (const chain of others) expect(chain.fundsLost).toBe('0');
  });
});

describe('runDrill: equivocating-guardian', () => {
  it('the built-in drill: the forgery needs a quorum and is never delivered, the honest message is, and the guardian is named', async () => {
    const { report, stop } = await runDrill({ scenario: await loadScenario('equivocating-guardian'), keep: true });
    try {
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
      const fault = report.faults.find((f) => f.kind === 'equivocating-guardian');
      const guardian = fault?.detail.match(/guardian (0x[0-9a-fA-F]{40})/)?.[1] ?? '';
      const forgedId = fault?.detail.match(/forged message (0x[0-9a-f]{64})/)?.[1] ?? '';
      expect(guardian).toMatch(/^0x[0-9a-fA-F]{40}$/);
      const alert = report.alerts.find((a) => a.kind === 'guardian-equivocation');
      expect(alert).toMatchObject({ chain: 'optimism' });
      expect(alert?.message).toContain(guardian);
      expect(alert?.message).toContain(forgedId.slice(0, 10));
      // Seen once both signatures are out: the forgery at dispatch, the honest one once the message is final (2 hub blocks).
      expect(alert?.detectedAfterSeconds).toBeGreaterThan(0);
      expect(alert?.detectedAfterSeconds).toBeLessThanOrEqual(300);
      // On optimism's receiver: the forgery is unknown, the honest message executed once.
      const optimism = report.chains.find((c) => c.name === 'optimism');
      const client = createPublicClient({ transport: http(optimism?.rpcUrl) });
      const forged = await readMessageState(client, (report.addresses?.receiver ?? '0x') as Address, forgedId as Hex);
      expect(forged.status).toBe('None');
      expect(optimism).toMatchObject({ deliveries: 1, executions: 1, deliveredVia: 'guardians' });
    } finally {
      await stop();
    }
  });
});
