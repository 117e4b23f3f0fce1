import * as fsPromises from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountReadOnlyFolder, type ReadOnlyFolder } from './read-only-folder.test-util.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTimelineSvg } from './render-timeline-svg.js';
import { ReportWriteError } from './report-write-error.js';
import { failReport } from './test-fixtures.js';
import { type ReportFs, serializeReport, writeReport } from './write-report.js';

/** An error as node's file system raises it. */
function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

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

  it('writes the run attachments beside the report, owner-only', async () => {
    const dir = join(base, 'with-attachment');
    const written = await writeReport(failReport(), dir, {
      attachments: [{ name: 'pause-root.json', text: '{"root":"0x01"}\n' }],
    });
    expect(written.files.at(-1)).toBe(join(dir, 'pause-root.json'));
    expect((await readdir(dir)).sort()).toEqual(['pause-root.json', 'report.json', 'report.md', 'timeline.svg']);
    expect(await readFile(join(dir, 'pause-root.json'), 'utf8')).toBe('{"root":"0x01"}\n');
    expect((await fsPromises.stat(join(dir, 'pause-root.json'))).mode & 0o777).toBe(0o600);
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

  describe('when the report cannot be written', () => {
    let readOnly: ReadOnlyFolder | undefined;
    beforeAll(async () => {
      readOnly = await mountReadOnlyFolder();
    });
    afterAll(async () => {
      await readOnly?.remove();
    });

    it('a read-only folder (a read-only mount, which stops root too) is named as such, not ENOENT', async (context) => {
      if (!readOnly) return context.skip('mounting a read-only tmpfs is not allowed here');
      const dir = join(readOnly.dir, 'happy-path', 'run-1');
      const error = await writeReport(failReport(), dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportWriteError);
      expect(error).toMatchObject({ reason: 'read-only', code: 'EROFS', dir });
      expect((error as ReportWriteError).shortMessage).toBe(
        `cannot write the report to ${dir}: read-only folder (no permission to write there) (EROFS) — choose another --out or free space`,
      );
      expect(await readdir(readOnly.dir)).toEqual([]);
    });

    it('a path through a file says so', async () => {
      const file = join(base, 'a-file');
      await writeFile(file, 'not a folder');
      const error = await writeReport(failReport(), join(file, 'run-1')).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ReportWriteError', reason: 'not-a-folder', code: 'ENOTDIR' });
    });

    it('a disk that fills up mid-report leaves no half-written run folder', async () => {
      const parent = join(base, 'full');
      let writes = 0;
      const full: ReportFs = {
        ...fsPromises,
        writeFile: async (...args: Parameters<typeof fsPromises.writeFile>) => {
          writes += 1;
          if (writes === 2) throw fsError('ENOSPC');
          return fsPromises.writeFile(...args);
        },
      };
      const error = await writeReport(failReport(), join(parent, 'run-1'), { fs: full }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ReportWriteError', reason: 'disk-full', code: 'ENOSPC' });
      expect((error as Error).message).toMatch(/disk full \(ENOSPC\) — choose another --out or free space/);
      expect(await readdir(parent)).toEqual([]);
    });

    it('an ENOENT from a refused mkdir is traced to the folder that refuses writes', async () => {
      const refusing: ReportFs = {
        ...fsPromises,
        mkdir: async () => {
          throw fsError('ENOENT');
        },
        access: async () => {
          throw fsError('EACCES');
        },
      };
      const error = await writeReport(failReport(), join(base, 'x', 'run-1'), { fs: refusing }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'ReportWriteError', reason: 'read-only', code: 'EACCES' });
    });
  });
});
