import type { ChainStatus, MonitorSnapshot } from '@lockstep/monitor';
import { describe, expect, it } from 'vitest';
import { snapshotText } from './monitor-table.js';

const NOW = 1_800_000_000;

function chain(name: string, chainId: number, extra: Partial<ChainStatus> = {}): ChainStatus {
  return {
    chain: name,
    chainId,
    reachable: true,
    head: { number: 120, timestamp: NOW - 2, hash: `0x${'ee'.repeat(32)}` },
    checkpoint: 120,
    lagSeconds: 2,
    proxies: [],
    signerSets: {},
    ...extra,
  };
}

const canary = (latencySeconds: number, deliveredAt: number) => ({
  canaryId: `0x${'0c'.repeat(32)}` as const,
  messageId: `0x${'0d'.repeat(32)}` as const,
  sentAt: deliveredAt - latencySeconds,
  deliveredAt,
  latencySeconds,
});

function snapshot(chains: ChainStatus[]): MonitorSnapshot {
  return { takenAt: NOW, chains, proposals: [], signerSets: [], alerts: [] };
}

/** The chains table's rows, each cut into its columns (two or more spaces apart). */
function rows(text: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith('chain '));
  const end = lines.findIndex((line, i) => i > start && line.startsWith('signer sets:'));
  return lines.slice(start, end).map((line) => line.split(/ {2,}/));
}

describe('the monitor’s terminal table', () => {
  it('shows each chain’s last canary latency and its age on the monitor’s clock, `-` before any canary', () => {
    const text = snapshotText(
      snapshot([
        chain('ethereum', 1, { lastCanary: canary(0, NOW - 5) }),
        chain('arbitrum', 42161, { lastCanary: canary(14, NOW - 190) }),
        chain('optimism', 10, { lastCanary: canary(9, NOW - 7300) }),
        chain('polygon', 137),
      ]),
    );
    expect(rows(text)).toEqual([
      ['chain', 'status', 'head', 'lag', 'canary', 'proxies'],
      ['ethereum', 'ok', '120', '2s', '0s, 5s ago', '-'],
      ['arbitrum', 'ok', '120', '2s', '14s, 3m ago', '-'],
      ['optimism', 'ok', '120', '2s', '9s, 2h ago', '-'],
      ['polygon', 'ok', '120', '2s', '-', '-'],
    ]);
  });

  it('keeps the canary column of an unreachable chain: its last canary is still the last one seen', () => {
    const text = snapshotText(
      snapshot([
        chain('ethereum', 1),
        {
          chain: 'arbitrum',
          chainId: 42161,
          reachable: false,
          error: 'connection refused',
          proxies: [],
          signerSets: {},
          lastCanary: canary(11, NOW - 40),
        },
      ]),
    );
    expect(rows(text)[2]).toEqual(['arbitrum', 'UNREACHABLE (connection refused)', '-', '-', '11s, 40s ago', '-']);
  });

  it('says "just now" for a canary delivered at (or, with a devnet clock ahead, after) the snapshot time', () => {
    const text = snapshotText(snapshot([chain('ethereum', 1, { lastCanary: canary(3, NOW + 30) })]));
    expect(rows(text)[1]?.[4]).toBe('3s, just now');
  });
});
