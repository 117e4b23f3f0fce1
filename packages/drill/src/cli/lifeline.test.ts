import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from './lifeline.js';

const LIFELINE = fileURLToPath(new URL('./lifeline.ts', import.meta.url));

/** A real process that watches its lifeline and exits with `exitCodeFor` its stop. */
function watcher(after = '') {
  const script = `
    const { watchLifeline, exitCodeFor, describeStop } = await import(${JSON.stringify(LIFELINE)});
    watchLifeline((reason) => { process.stderr.write(describeStop(reason) + '\\n'); process.exit(exitCodeFor(reason)); }, { pollMs: 50 });
    setInterval(() => {}, 1000);
    process.stderr.write('ready\\n');
    ${after}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const ready = new Promise<void>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('ready')) resolve();
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, stderr: () => stderr };
}

describe('watchLifeline', () => {
  for (const [signal, code] of [
    ['SIGHUP', 129],
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} stops the process with exit ${code}`, async () => {
      const w = watcher();
      await w.ready;
      w.child.kill(signal);
      expect(await w.exited).toBe(code);
      expect(w.stderr()).toContain(signal);
    });
  }

  it('an uncaught exception stops the process with exit 1 and one line naming the error', async () => {
    const w = watcher("setTimeout(() => { throw new Error('boom\\nsecond line'); }, 50);");
    expect(await w.exited).toBe(1);
    expect(w.stderr()).toBe('ready\nuncaught error (Error: boom)\n');
  });

  it('an unhandled rejection stops the process with exit 1 and one line naming it', async () => {
    const w = watcher("setTimeout(() => Promise.reject(new TypeError('lost')), 50);");
    expect(await w.exited).toBe(1);
    expect(w.stderr()).toBe('ready\nuncaught error (TypeError: lost)\n');
  });

  it('a dead parent counts as a hang-up', () => {
    expect(exitCodeFor({ kind: 'parent-died', parentPid: 1 })).toBe(129);
  });
});
