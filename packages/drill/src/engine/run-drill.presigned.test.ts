/**
 * Issue 15: the pre-signed pause against the pause through the hub, on the same exploit (same
 * spread, attacker and seed). The root the emergency quorum signed weeks before pauses every chain
 * sooner than the hub, guardians and relayer can (one transaction, so one block, per chain), with no
 * hub message for the pause; the report's pause figures are what the chains show, and a changed one
 * is caught by the checker.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRootFile } from '@lockstep/core/roots';
import { describe, expect, it } from 'vitest';
import { checkReport } from '../checker/check-report.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { writeReport } from '../report/write-report.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { DrillReport } from '../types.js';
import { runDrill } from './run-drill.js';

const detection = (report: DrillReport) => report.alerts.find((a) => a.kind === 'exploit-detected');

describe('presigned-pause against emergency-pause, same seed', () => {
  it('pauses every chain sooner, with no hub message for the pause, loses no more, and its figures check out', async () => {
    const hubPath = (await runDrill({ scenario: await loadScenario('emergency-pause') })).report;
    const drill = await runDrill({ scenario: await loadScenario('presigned-pause'), keep: true });
    const { report } = drill;
    try {
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
      // The same exploit, seen at the same moment on the same chain.
      expect(detection(report)).toEqual(detection(hubPath));
      // Sooner everywhere: the last chain paused before the hub path's.
      expect(report.timeToPauseAllSeconds).toEqual(expect.any(Number));
      expect(report.timeToPauseAllSeconds ?? Number.POSITIVE_INFINITY).toBeLessThan(hubPath.timeToPauseAllSeconds ?? 0);
      expect(BigInt(report.rpo ?? '0')).toBeLessThanOrEqual(BigInt(hubPath.rpo ?? '0'));
      for (const chain of report.chains) {
        const other = hubPath.chains.find((c) => c.name === chain.name);
        expect(BigInt(chain.fundsLost)).toBeLessThanOrEqual(BigInt(other?.fundsLost ?? '0'));
        // Paused by its own leaf, in the transaction that set the root there: one block per chain.
        expect(chain.presignedPause?.setRoot).toEqual({
          txHash: chain.presignedPause?.paused.txHash,
          blockNumber: chain.presignedPause?.paused.blockNumber,
        });
        // The hub carried the fix and the unpause, never the pause; the hub path's pause is a hub message.
        expect(chain.messages.map((m) => m.purpose)).toEqual(['upgrade', 'unpause']);
        expect(other?.messages.map((m) => m.purpose)).toEqual(['pause', 'upgrade', 'unpause']);
      }
      expect(report.presignedPause).toMatchObject({ hubMessagesDuringPause: 0, rootFile: 'pause-root.json' });
      expect(report.presignedPause?.signedAt).toBeLessThan(0);
      expect(report.presignedPause?.signers).toHaveLength(4);
      expect(renderMarkdown(report)).toContain('## Pre-signed pause');
      expect(renderMarkdown(hubPath)).not.toContain('## Pre-signed pause');
      expect(hubPath.presignedPause).toBeUndefined();
      expect(hubPath.chains.every((c) => c.presignedPause === undefined)).toBe(true);

      // The root file goes beside the report, owner-only, and reads back as the signed pause.
      const dir = await mkdtemp(join(tmpdir(), 'drill-presigned-'));
      try {
        await writeReport(report, dir, { attachments: drill.attachments });
        const path = join(dir, 'pause-root.json');
        expect((await stat(path)).mode & 0o777).toBe(0o600);
        const document = await readRootFile(path);
        expect(document).toMatchObject({ purpose: 'pause', root: report.presignedPause?.root });
        expect(document.leaves.map((l) => l.chainId).sort()).toEqual(report.chains.map((c) => c.chainId).sort());
      } finally {
        await rm(dir, { recursive: true, force: true });
      }

      // The checker recomputes the pause figures from the chains, and catches a changed one.
      const verified = await checkReport(report);
      expect(verified.checks.filter((c) => !c.passed)).toEqual([]);
      expect(verified.checks.filter((c) => c.check === 'pause')).toHaveLength(report.chains.length);
      expect(verified.checks.filter((c) => c.check === 'paused in one block')).toHaveLength(report.chains.length);
      // Every chain paused in its first block after the broadcast: the slowest, ethereum, one 12 s block.
      expect(report.timeToPauseAllSeconds).toBe(12);
      const [first] = report.chains;
      if (!first?.presignedPause) throw new Error('no pause on the first chain');
      const moved: DrillReport = {
        ...report,
        timeToPauseAllSeconds: (report.timeToPauseAllSeconds ?? 0) - 1,
        chains: [
          {
            ...first,
            presignedPause: {
              ...first.presignedPause,
              paused: { ...first.presignedPause.paused, blockNumber: first.presignedPause.paused.blockNumber - 1 },
            },
          },
          ...report.chains.slice(1),
        ],
      };
      const refused = (await checkReport(moved)).checks.filter((c) => !c.passed).map((c) => [c.chain, c.check]);
      expect(refused).toEqual([
        [first.name, 'pause'],
        [first.name, 'root set'],
        [null, 'time to pause every chain'],
      ]);
    } finally {
      await drill.stop();
    }
  });
});
