/** Issue #13: every outcome a drill can reach is named in its report (not a revert dump, not a crash). */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../report/render-markdown.js';
import { fourChainScenario } from '../testing/scenarios.js';
import { runDrill } from './run-drill.js';

const DAY = 86_400;

describe('runDrill: outcomes named', () => {
  it('a message that reaches its chain after its expiry is named: chain report, timeline, alert to re-propose', async () => {
    // Polygon is down for 8 days from dispatch: it is back after the message's expiry (activation + 7 days).
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-expired-on-arrival',
        attacker: { enabled: false, depositWei: '10000000000000000000' },
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
    expect(report.timeline).toContainEqual(expect.objectContaining({ chain: 'polygon', kind: 'expired' }));
    // The health table does not call the round healthy while polygon stays on the old code.
    const markdown = renderMarkdown(report);
    expect(markdown).not.toMatch(/3 of 3 healthy/);
    expect(markdown).toMatch(/polygon: message expired on arrival/);
  });
});
