import { describe, expect, it } from 'vitest';
import type { ClockSkewReport } from '../types.js';
import { renderMarkdown } from './render-markdown.js';
import { passReport } from './test-fixtures.js';

const LAG: ClockSkewReport = {
  chain: 'optimism',
  offsetSeconds: -90,
  checkedAt: 178_199,
  hub: 'ethereum',
  hubBlock: 73,
  hubTimestamp: 1_767_490_188,
  chainBlock: 125,
  chainTimestamp: 1_767_490_108,
  measuredSeconds: -80,
  toleranceSeconds: 14,
  alerted: true,
  switchOffsetSeconds: 90,
};

describe('report.md clock skew section', () => {
  it('lists each skewed chain: skew, heads, measured, alert, and its switch on the hub clock', () => {
    const lead = { ...LAG, chain: 'polygon', offsetSeconds: 60, measuredSeconds: 70, switchOffsetSeconds: -60 };
    const text = renderMarkdown({ ...passReport(), clockSkew: [LAG, lead] });
    expect(text).toContain('\n## Clock skew\n');
    expect(text).toContain(
      '| optimism | -90 s | #125 at 1767490108 vs ethereum #73 at 1767490188 | -80 s (tolerance 14 s) | `clock-skew` | 90 s late |',
    );
    expect(text).toContain('| polygon | +60 s |');
    expect(text).toContain('| 60 s early |');
  });

  it('is absent without a clock skew', () => {
    expect(renderMarkdown(passReport())).not.toContain('## Clock skew');
  });
});
