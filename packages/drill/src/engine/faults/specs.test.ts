import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FAULT_EFFECTS } from './effects.js';
import { FAULT_FIELD_FIXES, FAULT_KINDS, FAULT_SPECS, faultSchema } from './specs.js';

/** The fields every kind has; their fixes are the scenario formatter's own. */
const COMMON_FIELDS = new Set(['kind', 'target', 'trigger']);

describe('the fault registry', () => {
  it('gives every declared kind an effect, and nothing else', () => {
    expect(Object.keys(FAULT_EFFECTS).sort()).toEqual([...FAULT_KINDS].sort());
  });

  it('has a fix for every field a kind adds', () => {
    for (const spec of FAULT_SPECS)
      for (const field of Object.keys(spec.shape).filter((f) => !COMMON_FIELDS.has(f)))
        expect(FAULT_FIELD_FIXES, `${spec.kind}.${field}`).toHaveProperty([`faults[].${field}`]);
  });

  it('gives a field two kinds share one fix (the formatter keys fixes by field)', () => {
    const fixes = new Map<string, string>();
    for (const spec of FAULT_SPECS)
      for (const [field, fix] of Object.entries(spec.fixes ?? {})) {
        expect(fixes.get(field) ?? fix, `${spec.kind}.${field}`).toBe(fix);
        fixes.set(field, fix);
      }
  });

  it('parses each kind by its declaration', () => {
    const trigger = { after: 'dispatched' };
    expect(faultSchema.parse({ kind: 'crash-relayer', trigger })).toEqual({
      kind: 'crash-relayer',
      trigger: { after: 'dispatched', delaySeconds: 0 },
    });
    expect(faultSchema.safeParse({ kind: 'crash-relayer', trigger, target: 'polygon' }).success).toBe(false);
  });

  it('has a row in docs/scenario-format.md for every kind', async () => {
    const doc = await readFile(new URL('../../../docs/scenario-format.md', import.meta.url), 'utf8');
    const rows = new Set([...doc.matchAll(/^\| `([a-z-]+)` +\|/gm)].map((m) => m[1]));
    for (const kind of FAULT_KINDS) expect(rows, kind).toContain(kind);
  });
});
