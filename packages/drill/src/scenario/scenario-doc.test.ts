import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { guardianIndex, KEY_INDEX } from '../setup/keys.js';
import { deploymentShape, expectShape, MAX_SCENARIO_GUARDIANS, scenarioShape } from './schema.js';

const doc = () => readFile(new URL('../../docs/scenario-format.md', import.meta.url), 'utf8');
/** The fields a table of the doc lists: `| \`field\` |` rows. */
const documented = (text: string) => new Set([...text.matchAll(/^\| `([A-Za-z.]+)`/gm)].map((m) => m[1]));

describe('docs/scenario-format.md', () => {
  it('documents every top-level, deployment and expect field of the schema', async () => {
    const fields = documented(await doc());
    const keys = [scenarioShape, deploymentShape, expectShape].flatMap((shape) => Object.keys(shape));
    for (const key of keys) expect(fields).toContain(key);
  });

  it('names the test-mnemonic accounts the code uses', async () => {
    const text = await doc();
    const guardians = Array.from({ length: MAX_SCENARIO_GUARDIANS }, (_, i) => guardianIndex(i));
    expect(guardians.slice(0, 15)).toEqual(Array.from({ length: 15 }, (_, i) => 10 + i));
    expect(guardians.slice(15)).toEqual([30, 31, 32, 33]);
    expect(text).toContain('guardians = accounts 10–24 then 30–33');
    expect(text).toContain(`chain guardian = ${KEY_INDEX.chainGuardian}`);
    expect(text).toContain(`relayer = ${KEY_INDEX.relayer}`);
    expect(text).not.toMatch(/guardians = accounts 10–28/);
  });
});
