import { describe, expect, it } from 'vitest';
import { formatSummary } from './format-summary.js';
import { failReport, fallbackReport, passReport } from './test-fixtures.js';

describe('formatSummary', () => {
  it('sums up a passing drill in a few lines', () => {
    expect(formatSummary(passReport(), { reportDir: 'reports/happy-path' })).toBe(
      [
        '✓ PASS happy-path (seed 1): 4 of 4 chains changed implementation, 3 of 3 expectations met',
        '  window 11.75 s · queue 5400 s (1 h 30 min) · RTO — · lost 0 ETH',
        '  0 faults · 0 alerts · wall time 13.6 s',
        '  report: reports/happy-path',
        '  replay: pnpm drill happy-path --seed 1',
      ].join('\n'),
    );
  });

  it('adds the fallback delay to the time in queue when a chain waited it', () => {
    expect(formatSummary(fallbackReport()).split('\n')[1]).toBe(
      '  window 11.75 s · queue 5400 s (1 h 30 min) + fallback delay 168024 s (1 d 22 h 40 min) · RTO — · lost 0 ETH',
    );
  });

  it('names the failed expectations', () => {
    const text = formatSummary(failReport());
    expect(text.split('\n')[0]).toBe(
      '✗ FAIL halted-chain (seed 7): 3 of 4 chains changed implementation, 1 of 2 expectations met',
    );
    expect(text).toContain('  ✗ every chain runs the new implementation (observed: 3 of 4 (polygon: never executed))');
    expect(text).toContain('2 faults · 2 alerts');
    expect(text).not.toContain('report:');
  });
});
