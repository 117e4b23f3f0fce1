import { describe, expect, it } from 'vitest';
import { gasRows, renderGasTable } from './gas-report.mjs';
import { KEPT_MARKER, keptSection } from './kept-section.mjs';

describe('gasRows', () => {
  it('pairs each measurement with its whole-transaction figure and its target', () => {
    const rows = gasRows(
      { lockstep: { execute: '49000', execute_tx: '71000', approve: '80000' } },
      { 'lockstep.execute': 50000 },
    );
    expect(rows).toEqual([
      { key: 'lockstep.approve', execution: 80000, transaction: undefined, target: undefined },
      { key: 'lockstep.execute', execution: 49000, transaction: 71000, target: 50000 },
    ]);
  });
});

describe('renderGasTable', () => {
  it('marks a missed target', () => {
    const table = renderGasTable([{ key: 'g.a', execution: 70001, transaction: 90000, target: 70000 }], '# T');
    expect(table).toContain('| `g.a` | 70,001 | 90,000 | 70,000 | **no** |');
  });
});

describe('keptSection', () => {
  it('keeps the hand-written part of the report from the marker on', () => {
    expect(keptSection(`# T\n| table |\n${KEPT_MARKER}\n## By hand\n`)).toBe(`\n${KEPT_MARKER}\n## By hand\n`);
  });

  it('keeps nothing from a report without the marker', () => {
    expect(keptSection('# T\n| table |\n')).toBe('');
  });
});
