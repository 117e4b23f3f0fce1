import { describe, expect, it } from 'vitest';
import { escapeXml, formatDuration, formatEth, formatVirtualTime, replayCommand, shellQuote } from './format.js';

describe('format', () => {
  it.each([
    [0, '+00:00:00'],
    [12.75, '+00:00:12'],
    [5400, '+01:30:00'],
    [178_272, '+49:31:12'],
    [-61, '-00:01:01'],
  ])('formats virtual time %d as %s', (seconds, text) => {
    expect(formatVirtualTime(seconds)).toBe(text);
  });

  it('formats durations and wei', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0.25)).toBe('0.25 s');
    expect(formatDuration(180_000)).toBe('180000 s (2 d 2 h)');
    expect(formatEth('1500000000000000000')).toBe('1.5 ETH');
    expect(formatEth('0')).toBe('0 ETH');
    expect(formatEth('n/a')).toBe('n/a');
  });

  it('escapes XML and quotes shell words', () => {
    expect(escapeXml(`<a b="c">&'\u0001`)).toBe('&lt;a b=&quot;c&quot;&gt;&amp;&apos;\uFFFD');
    expect(shellQuote('happy-path')).toBe('happy-path');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('replays a built-in scenario by name, and one given by path by its path', () => {
    expect(replayCommand({ scenario: 'happy-path', seed: 7 })).toBe('pnpm drill happy-path --seed 7');
    expect(replayCommand({ scenario: 'strict-halt', scenarioFile: './drills/strict halt.json', seed: 7 })).toBe(
      "pnpm drill './drills/strict halt.json' --seed 7",
    );
    expect(replayCommand({ scenario: 'happy-path', seed: 1, chainCount: 16 })).toBe(
      'pnpm drill happy-path --seed 1 --chains 16',
    );
    const monitor = { polls: 3, alerts: [], lineup: [], drillOnlyKinds: [] };
    expect(replayCommand({ scenario: 'halted-chain', seed: 1, monitor })).toBe(
      'pnpm drill halted-chain --seed 1 --monitor',
    );
  });
});
