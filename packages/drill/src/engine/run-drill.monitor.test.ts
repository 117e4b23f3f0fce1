import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../report/render-markdown.js';
import { loadScenario } from '../scenario/index.js';
import { comparable } from '../testing/comparable.js';
import { runDrill } from './run-drill.js';

describe('runDrill with the production monitor attached (--monitor)', () => {
  it("halted-chain: the monitor's chain-halted fires for the halted chain on the drill's clock, the checker accepts the report, and a second run gives the same report", async () => {
    const scenario = await loadScenario('halted-chain');
    const halt = scenario.faults.find((f) => f.kind === 'halt-chain');
    const halted = halt && 'target' in halt ? halt.target : undefined;
    expect(halted).toBeTypeOf('string');

    const first = await runDrill({ scenario, monitor: true, verify: true });
    const { report } = first;
    expect(report.verification?.passed).toBe(true);
    expect(report.outcome).toBe('pass');

    const monitor = report.monitor;
    expect(monitor?.polls).toBeGreaterThan(1);
    const chainHalted = monitor?.alerts.filter((a) => a.kind === 'chain-halted') ?? [];
    expect(chainHalted.map((a) => [a.key, a.chain, a.severity])).toEqual([
      [`chain-halted:${halted}`, halted, 'warning'],
    ]);
    // Fired after the halt was injected, on the drill's clock (not wall time), and cleared once the chain resumed.
    const injectedAt = report.faults.find((f) => f.kind === 'halt-chain')?.injectedAt ?? Number.NaN;
    const [alert] = chainHalted;
    expect(alert?.firedAt).toBeGreaterThan(injectedAt);
    expect(alert?.firedAt).toBeLessThan(10 * 24 * 3600);
    expect(alert?.clearedAt).toBeGreaterThan(alert?.firedAt ?? Number.POSITIVE_INFINITY);
    // The drill's own chain-halted alert and the monitor's line up.
    const drillAlert = report.alerts.find((a) => a.kind === 'chain-halted' && a.chain === halted);
    expect(monitor?.lineup.find((r) => r.kind === 'chain-halted' && r.chain === halted)).toEqual({
      kind: 'chain-halted',
      chain: halted,
      drillAt: drillAlert?.at,
      monitorAt: alert?.firedAt,
    });
    expect(renderMarkdown(report)).toContain('## Production monitor');

    const second = await runDrill({ scenario, monitor: true });
    expect(comparable(second.report)).toEqual(comparable(report));
  }, 400_000);
});
