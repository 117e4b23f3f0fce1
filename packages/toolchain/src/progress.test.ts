import { describe, expect, it } from 'vitest';
import { compileProgress, isCompileDone, parseCompiling, progressText } from './progress.mjs';

/** A stand-in for stderr that records what was written. */
function recorder(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('parseCompiling', () => {
  it("reads forge's announcement", () => {
    expect(parseCompiling('Compiling 86 files with Solc 0.8.30')).toEqual({ files: 86, version: '0.8.30' });
    expect(parseCompiling('Compiling 1 files with Solc 0.8.30\r')).toEqual({ files: 1, version: '0.8.30' });
  });

  it('ignores other lines', () => {
    expect(parseCompiling('No files changed, compilation skipped')).toBeUndefined();
  });
});

describe('isCompileDone', () => {
  it.each([
    'Solc 0.8.30 finished in 16.58s',
    'Compiler run successful!',
    'Compiler run failed:',
    'No files changed, compilation skipped',
  ])('knows "%s"', (line) => expect(isCompileDone(line)).toBe(true));

  it('is not fooled by the announcement', () => {
    expect(isCompileDone('Compiling 86 files with Solc 0.8.30')).toBe(false);
  });
});

describe('progressText', () => {
  it('estimates from the file count and points solc-js users at a native solc', () => {
    const text = progressText({ files: 100, elapsed: 5, kind: 'solc-js' });
    expect(text).toBe(
      'compiling 100 files with solc-js: 5 s elapsed, expected 20 s to 2 min; a native solc is much faster (README: "Using a native solc")',
    );
  });

  it('says when the estimate is passed', () => {
    expect(progressText({ files: 100, elapsed: 125, kind: 'solc-js' })).toMatch(
      /2 min 5 s elapsed, past the 2 min estimate \(busy machine\?\)/,
    );
  });

  it('gives no hint with a native solc', () => {
    expect(progressText({ files: 100, elapsed: 1, kind: 'native' })).toBe(
      'compiling 100 files with native: 1 s elapsed, expected 1 s to 5 s',
    );
  });
});

describe('compileProgress', () => {
  it('prints a line at the start and a closing line, from output split across chunks', () => {
    let now = 0;
    const { stream, writes } = recorder(false);
    const progress = compileProgress({ stream, kind: 'solc-js', now: () => now });
    progress.write('Compiling 86 fi');
    progress.write('les with Solc 0.8.30\n');
    now = 17_400;
    progress.write('Solc 0.8.30 finished in 17.40s\nCompiler run successful!\n');
    progress.stop();
    expect(writes).toEqual([
      'compiling 86 files with solc-js: 0 s elapsed, expected 17 s to 1 min 43 s; a native solc is much faster (README: "Using a native solc")\n',
      'compiled 86 files in 17 s\n',
    ]);
  });

  it('rewrites one line on a terminal and clears it before other output', () => {
    const { stream, writes } = recorder(true);
    const progress = compileProgress({ stream, kind: 'native', now: () => 0 });
    progress.write('Compiling 3 files with Solc 0.8.30\n');
    progress.beforeOutput();
    progress.stop();
    expect(writes).toEqual(['\r\x1b[Kcompiling 3 files with native: 0 s elapsed, expected about 1 s', '\r\x1b[K']);
  });

  it('stays silent when nothing compiles', () => {
    const { stream, writes } = recorder(false);
    const progress = compileProgress({ stream, kind: 'solc-js' });
    progress.write('No files changed, compilation skipped\n');
    progress.stop();
    expect(writes).toEqual([]);
  });
});
