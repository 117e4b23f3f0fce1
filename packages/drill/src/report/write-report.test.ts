import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown.js';
import { renderTimelineSvg } from './render-timeline-svg.js';
import { failReport } from './test-fixtures.js';
import { serializeReport, writeReport } from './write-report.js';

describe('writeReport', () => {
  let base: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'drill-report-'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('writes report.json, report.md and timeline.svg and leaves no temporary file', async () => {
    const report = failReport();
    const dir = join(base, 'nested', 'run-1');
    const written = await writeReport(report, dir);
    expect(written).toEqual({
      dir,
      files: [join(dir, 'report.json'), join(dir, 'report.md'), join(dir, 'timeline.svg')],
    });
    expect((await readdir(dir)).sort()).toEqual(['report.json', 'report.md', 'timeline.svg']);
    const json = await readFile(join(dir, 'report.json'), 'utf8');
    expect(JSON.parse(json)).toEqual(report);
    expect(json).toContain('\n  "scenario": "halted-chain",');
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toBe(renderMarkdown(report));
    expect(await readFile(join(dir, 'timeline.svg'), 'utf8')).toBe(renderTimelineSvg(report));
  });

  it('overwrites an earlier report', async () => {
    const dir = join(base, 'again');
    await writeReport(failReport(), dir);
    await writeReport({ ...failReport(), seed: 99 }, dir);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')).seed).toBe(99);
    expect(await readdir(dir)).toHaveLength(3);
  });

  it('writes bigints as decimal strings', () => {
    const report = { ...failReport(), rpo: 10n ** 19n } as unknown as Parameters<typeof serializeReport>[0];
    expect(serializeReport(report)).toContain('"rpo": "10000000000000000000"');
  });
});
