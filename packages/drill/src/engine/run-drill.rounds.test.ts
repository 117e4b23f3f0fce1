import { executeProposal, getProposalStatus } from '@lockstep/core/council';
import { createPublicClient, createWalletClient, type Hex, http } from 'viem';
import { describe, expect, it } from 'vitest';
import { councilIndex, testAccount } from '../setup/keys.js';
import { fourChainScenario } from '../testing/scenarios.js';
import type { Scenario } from '../types.js';
import { runDrill } from './run-drill.js';

const WAVES = [['polygon'], ['arbitrum', 'optimism'], ['ethereum']];

/** A V3 release whose withdraw reverts, on vaults that run the fixed V2. */
const faultyRelease = (overrides: Partial<Scenario>): Scenario =>
  fourChainScenario({
    baseline: 'VaultV2',
    proposal: { kind: 'upgrade', implementation: 'VaultV3Faulty', chains: 'all' },
    attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
    expect: {},
    ...overrides,
  });

describe('runDrill: staged rollout', () => {
  it('dispatches each wave only after the previous wave passed its health check; the hub chain goes last', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-staged',
        attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
        proposal: { kind: 'upgrade', implementation: 'VaultV2', chains: 'all', waves: WAVES },
        expect: { upgraded: 'all', exactlyOnce: true },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(report.rounds.map((r) => [r.label, r.chains])).toEqual([
      ['wave 1', ['polygon']],
      ['wave 2', ['arbitrum', 'optimism']],
      ['wave 3', ['ethereum']],
    ]);
    for (const [i, round] of report.rounds.entries()) {
      expect(round.cancelled).toBe(false);
      expect(round.health.map((h) => h.healthy)).toEqual(round.chains.map(() => true));
      const previous = report.rounds[i - 1];
      // Wave k+1 leaves the hub only once every chain of wave k was checked healthy.
      if (previous) expect(round.dispatchedAt).toBeGreaterThanOrEqual(Math.max(...previous.health.map((h) => h.at)));
    }
    const executedAt = (name: string) => report.chains.find((c) => c.name === name)?.executedAtTimestamp ?? 0;
    expect(executedAt('polygon')).toBeLessThan(executedAt('arbitrum'));
    expect(executedAt('optimism')).toBeLessThan(executedAt('ethereum'));
    // The waves cost a window: from the canary to the hub chain.
    expect(report.vulnerabilityWindowSeconds).toBe(executedAt('ethereum') - executedAt('polygon'));
    expect(report.phases.map((p) => p.phase)).toContain('relay (wave 3)');
  });

  it('a failed health check stops the rollout: later waves are cancelled on the council and can never be dispatched', async () => {
    const { report, stop } = await runDrill({
      keep: true,
      scenario: faultyRelease({
        name: 'test-staged-stopped',
        proposal: { kind: 'upgrade', implementation: 'VaultV3Faulty', chains: 'all', waves: WAVES },
        expect: {
          upgraded: ['polygon'],
          unchanged: ['ethereum', 'arbitrum', 'optimism'],
          alerts: ['health-check-failed', 'rollout-stopped'],
        },
      }),
    });
    try {
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
      const [canary, ...later] = report.rounds;
      expect(canary?.health).toEqual([
        expect.objectContaining({ chain: 'polygon', healthy: false, problems: [expect.stringMatching(/withdraw/)] }),
      ]);
      expect(later.map((r) => [r.label, r.cancelled, r.dispatchedAt])).toEqual([
        ['wave 2', true, null],
        ['wave 3', true, null],
      ]);
      // On chain: the later waves are cancelled, and executing one from the timelock is refused.
      const hub = report.chains.find((c) => c.name === 'ethereum');
      const council = report.addresses?.council as Hex;
      const client = createPublicClient({ transport: http(hub?.rpcUrl) });
      for (const round of later) {
        const status = await getProposalStatus(client, { council, proposalId: round.proposalId as Hex });
        expect(status.status).toBe('cancelled');
      }
      const anyone = createWalletClient({ account: testAccount(councilIndex(0)), transport: http(hub?.rpcUrl) });
      await expect(executeProposal(anyone, { council, proposalId: later[0]?.proposalId as Hex })).rejects.toThrow(
        /cancel/i,
      );
    } finally {
      await stop();
    }
  });
});

describe('runDrill: rollback', () => {
  it('a release that fails its health check everywhere is rolled back to the registry’s previous implementation; RTO reported', async () => {
    const { report } = await runDrill({
      scenario: faultyRelease({
        name: 'test-rollback',
        response: { onFailedHealthCheck: 'rollback', onHaltedChain: 'proceed' },
        expect: { unchanged: 'all', alerts: ['health-check-failed', 'rollback-proposed'], maxRtoSeconds: 180_000 },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const [release, rollback] = report.rounds;
    expect(release?.health.every((h) => !h.healthy)).toBe(true);
    expect(rollback).toMatchObject({ kind: 'rollback', cancelled: false });
    expect(rollback?.chains.sort()).toEqual(['arbitrum', 'ethereum', 'optimism', 'polygon']);
    expect(rollback?.health.every((h) => h.healthy)).toBe(true);
    // Every chain is back on what it ran before (VaultV2), by the rollback's own execution.
    for (const chain of report.chains) {
      expect(chain.implementationAfter).toBe(chain.implementationBefore);
      expect(chain.observedCodehash).toBe(chain.expectedCodehash);
      expect(chain.executions).toBe(1);
    }
    // The evidence: the release and the rollback, each its own message, both executed on every chain.
    for (const chain of report.chains) {
      expect(chain.messages.map((m) => m.purpose)).toEqual(['upgrade', 'rollback']);
      expect(new Set(chain.messages.map((m) => m.messageId)).size).toBe(2);
      expect(chain.messages.every((m) => m.executed !== null)).toBe(true);
    }
    // Recovery: at least the timelock (2 days) plus the receiver's delivery margin and minimum delay.
    expect(report.rtoSeconds).toBeGreaterThan(172_800);
    expect(report.rtoSeconds).toBeLessThanOrEqual(180_000);
  });
});

describe('runDrill: guardian rotation', () => {
  it('old signatures count within the window and stop counting after it; the new set then delivers, exactly once', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-rotation',
        attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
        faults: [
          { kind: 'rotate-guardians', trigger: { after: 'dispatched', delaySeconds: 0 } },
          {
            kind: 'halt-chain',
            target: 'polygon',
            trigger: { after: 'dispatched', delaySeconds: 0 },
            durationSeconds: 90_000,
          },
        ],
        expect: { upgraded: 'all', exactlyOnce: true, alerts: ['guardian-set-expired'] },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const rotation = report.faults.find((f) => f.kind === 'rotate-guardians');
    // Delivered after the rotation, on the old set's signatures (set 0), inside its 24 h window.
    for (const name of ['ethereum', 'arbitrum', 'optimism']) {
      expect(report.chains.find((c) => c.name === name)?.guardianSet).toBe(0);
      const queued = report.timeline.find((e) => e.kind === 'queued' && e.chain === name);
      expect(queued?.at).toBeGreaterThanOrEqual(rotation?.injectedAt ?? Number.POSITIVE_INFINITY);
    }
    // Polygon came back after the window: the old set was refused, the new set (1) delivered.
    const expired = report.alerts.find((a) => a.kind === 'guardian-set-expired');
    expect(expired?.chain).toBe('polygon');
    expect(expired?.at).toBeGreaterThan((rotation?.injectedAt ?? 0) + 86_400);
    // Named in virtual time, without the guardian nodes' URLs (they change from run to run).
    expect(expired?.message).toMatch(/previous set 0 expired at \+\d+:\d\d:\d\d, 8 of its 8 signed/);
    expect(expired?.message).not.toMatch(/http:/);
    // Detected when polygon came back (90 000 s), measured from the set's expiry (rotation + 24 h).
    expect((expired?.at ?? 0) - (expired?.detectedAfterSeconds ?? 0)).toBeCloseTo(
      (rotation?.injectedAt ?? 0) + 86_400,
      -1,
    );
    expect(report.chains.find((c) => c.name === 'polygon')?.guardianSet).toBe(1);
  });
});
