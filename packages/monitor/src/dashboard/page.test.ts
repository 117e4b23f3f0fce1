import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../page/format.js';
import { STAGE_ORDER } from '../../page/palette.js';
import { axisBreaks, timelineOption } from '../../page/timeline-option.js';
import { STAGES } from '../model.js';
import { PAGE_DIR } from './assets.js';
import { sampleSnapshot, T0, UPGRADE_ID } from './sample-snapshot.test-util.js';

describe('the dashboard page', () => {
  it('type-checks against the DOM and the monitor model', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    // Rejects with tsc's diagnostics on stdout when a page module does not type-check.
    await promisify(execFile)(process.execPath, [tsc, '-p', join(PAGE_DIR, 'tsconfig.json')]);
  });

  it('has a colour for every stage of the model, in the model’s order', () => {
    expect(STAGE_ORDER).toEqual([...STAGES]);
  });

  it('formats durations in their two largest units', () => {
    expect([45, 192, 7500, 183_600].map(formatDuration)).toEqual(['45s', '3m 12s', '2h 05m', '2d 03h']);
  });
});

describe('timelineOption', () => {
  const upgrade = () => {
    const proposal = sampleSnapshot({ stepSeconds: 120 }).proposals.find((p) => p.id === UPGRADE_ID);
    if (!proposal) throw new Error('the sample has no upgrade');
    return proposal;
  };
  const now = sampleSnapshot({ stepSeconds: 120 }).takenAt;

  it('draws a lane per target chain and a bar per stage reached, the current one running to now', () => {
    const option = timelineOption(upgrade(), now);
    expect((option.yAxis as { data: string[] }).data).toEqual(['ethereum', 'arbitrum', 'optimism', 'polygon']);
    const series = option.series as { name: string; data: [number, number, number, string][] }[];
    const queued = series.find((s) => s.name === 'queued');
    expect(queued?.data.map(([lane, , , chain]) => [lane, chain])).toEqual([
      [0, 'ethereum'],
      [1, 'arbitrum'],
      [2, 'optimism'],
    ]);
    const attested = series.find((s) => s.name === 'attested')?.data.find(([, , , chain]) => chain === 'polygon');
    expect(attested?.[2]).toBe(now * 1000);
  });

  it('marks the activation time and now across every lane', () => {
    const proposal = upgrade();
    const option = timelineOption(proposal, now);
    const markers = (option.series as { name: string; markLine?: { data: { xAxis: number }[] } }[]).find(
      (s) => s.name === 'markers',
    );
    expect(markers?.markLine?.data.map((line) => line.xAxis)).toEqual([
      now * 1000,
      (proposal.activationTime ?? 0) * 1000,
    ]);
  });

  it('breaks the axis over a two-day timelock and an hour to activation, not over minutes', () => {
    const dispatch = T0 + 660 + 172_800;
    const moments = [T0, T0 + 600, T0 + 660, dispatch, dispatch + 20, dispatch + 3600, dispatch + 3630];
    expect(axisBreaks(moments)).toEqual([
      { start: (T0 + 720) * 1000, end: (dispatch - 60) * 1000, gap: '3%' },
      { start: (dispatch + 80) * 1000, end: (dispatch + 3540) * 1000, gap: '3%' },
    ]);
    expect(axisBreaks([dispatch, dispatch + 20, dispatch + 300])).toEqual([]);
  });
});
