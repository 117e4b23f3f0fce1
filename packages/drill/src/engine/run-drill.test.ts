import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { createPublicClient, type Hex, http } from 'viem';
import { describe, expect, it } from 'vitest';
import { fourChainScenario } from '../testing/scenarios.js';
import type { DrillReport } from '../types.js';
import { runDrill } from './run-drill.js';

const WEI_10_ETH = 10n * 10n ** 18n;

/** Each chain's evidence names real transactions: the hub's dispatch and acks, and the chain's own delivery, queueing and execution. */
async function expectEvidenceOnChain(report: DrillReport): Promise<void> {
  const hub = report.chains.find((c) => c.name === 'ethereum');
  const hubClient = createPublicClient({ transport: http(hub?.rpcUrl) });
  const dispatches = new Set(report.chains.flatMap((c) => c.messages.map((m) => m.dispatch.txHash)));
  expect(dispatches.size).toBe(1); // one timelock execution dispatched every chain's message
  for (const chain of report.chains) {
    expect(chain.messages).toHaveLength(1);
    const [message] = chain.messages;
    expect(message).toMatchObject({ purpose: 'upgrade', cancelled: null });
    expect(message?.messageId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(message?.deliveries.map((d) => d.adapter)).toEqual(['guardians']);
    expect(message?.executed?.blockNumber).toBe(chain.executedAtBlock);
    expect(message?.acks.map((a) => a.state)).toContain('Queued');
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    for (const step of [message?.deliveries[0], message?.queued, message?.executed]) {
      const receipt = await client.getTransactionReceipt({ hash: (step?.txHash ?? '0x') as Hex });
      expect([receipt.status, Number(receipt.blockNumber)]).toEqual(['success', step?.blockNumber]);
    }
    for (const step of [message?.dispatch, ...(message?.acks ?? [])]) {
      const receipt = await hubClient.getTransactionReceipt({ hash: (step?.txHash ?? '0x') as Hex });
      expect([receipt.status, Number(receipt.blockNumber)]).toEqual(['success', step?.blockNumber]);
    }
  }
}

describe('runDrill on four local chains', () => {
  it('happy path: council → timelock → guardians → relayer → receivers → one activation; every codehash verified', async () => {
    const { report, relayLatency, stop } = await runDrill({ scenario: fourChainScenario(), keep: true });
    try {
      await expectEvidenceOnChain(report);
    } finally {
      await stop();
    }
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(report.outcome).toBe('pass');
    for (const chain of report.chains) {
      expect(chain.implementationAfter).not.toBe(chain.implementationBefore);
      expect(chain.observedCodehash).toBe(chain.expectedCodehash);
      expect(chain.fundsLost).toBe('0');
    }
    // Every chain executes in its first block at or after the activation time.
    expect(report.vulnerabilityWindowSeconds).toBeLessThanOrEqual(12);
    expect(report.timeInQueueSeconds).toBeGreaterThanOrEqual(1800 + 3600);
    expect(report.rpo).toBe('0');
    expect(relayLatency.map((r) => r.chain).sort()).toEqual(['arbitrum', 'ethereum', 'optimism', 'polygon']);
    expect(report.phases.map((p) => p.phase)).toEqual([
      'anvil start',
      'deploy',
      'guardians start',
      'propose+approve',
      'timelock',
      'relay',
      'execute',
      'health check',
      'verify',
    ]);
  });

  it('a dropped message is noticed (no acknowledgement), re-delivered, and every chain still activates together', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-dropped',
        faults: [{ kind: 'drop-message', target: 'optimism', trigger: { after: 'dispatched', delaySeconds: 0 } }],
        expect: { upgraded: 'all', alerts: ['message-not-acknowledged'], maxVulnerabilityWindowSeconds: 12 },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const alert = report.alerts.find((a) => a.kind === 'message-not-acknowledged');
    expect(alert?.chain).toBe('optimism');
    expect(report.faults[0]).toMatchObject({ kind: 'drop-message', target: 'optimism' });
    expect(report.faults[0]?.clearedAt).not.toBeNull();
  });

  it('a chain halted before delivery: the others activate, it catches up on resume, and the report prices the window', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-halted',
        faults: [
          {
            kind: 'halt-chain',
            target: 'polygon',
            trigger: { after: 'dispatched', delaySeconds: 0 },
            durationSeconds: 7200,
          },
        ],
        expect: { upgraded: 'all', alerts: ['chain-halted'] },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const polygon = report.chains.find((c) => c.name === 'polygon');
    const others = report.chains.filter((c) => c.name !== 'polygon');
    // Polygon runs the fix only after the halt (two hours after dispatch) — long after the others.
    expect(report.vulnerabilityWindowSeconds).toBeGreaterThan(7200 - 5400 - 60);
    expect(BigInt(polygon?.fundsLost ?? 0)).toBe(WEI_10_ETH);
    for (const chain of others) expect(chain.fundsLost).toBe('0');
    expect(report.rpo).toBe(WEI_10_ETH.toString());
  });
});

describe('runDrill: halted-chain policy', () => {
  it('hold: no chain switches while one is halted; all switch together after it resumes, and the attacker gets nothing', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-halted-hold',
        response: { onFailedHealthCheck: 'stop', onHaltedChain: 'hold' },
        faults: [
          {
            kind: 'halt-chain',
            target: 'polygon',
            trigger: { after: 'dispatched', delaySeconds: 0 },
            durationSeconds: 7200,
          },
        ],
        expect: { upgraded: 'all', alerts: ['chain-halted', 'upgrade-held'], maxFundsLostWei: '0' },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const halt = report.faults.find((f) => f.kind === 'halt-chain');
    const executed = report.chains.map((c) => c.executedAtTimestamp ?? 0);
    // Nobody ran the fix before polygon was back; then all within one (12 s) hub block.
    expect(Math.max(...executed) - Math.min(...executed)).toBeLessThanOrEqual(12);
    expect(report.vulnerabilityWindowSeconds).toBeLessThanOrEqual(12);
    const firstExecution = Math.min(...report.timeline.filter((e) => e.kind === 'executed').map((e) => e.at));
    expect(firstExecution).toBeGreaterThanOrEqual(halt?.clearedAt ?? Number.POSITIVE_INFINITY);
    expect(report.rpo).toBe('0');
  });
});

describe('runDrill on a fork', () => {
  it('a chain given a fork URL runs on an anvil forked from it (deployed afresh, never from the cache)', async () => {
    const [upstream] = await startAnvils([{ name: 'upstream-optimism', chainId: 10 }]);
    try {
      const base = fourChainScenario({ name: 'test-fork' });
      const url = upstream?.rpcUrl ?? '';
      const scenario = {
        ...base,
        chains: base.chains.map((c) => (c.name === 'optimism' ? { ...c, fork: { url } } : c)),
      };
      const { report } = await runDrill({ scenario });
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
      const optimism = report.chains.find((c) => c.name === 'optimism');
      expect(optimism?.rpcUrl).not.toBe(url); // the drill's own fork, not the upstream chain
      // The upstream chain is untouched: nothing was deployed there.
      const code = await createPublicClient({ transport: http(url) }).getCode({
        address: report.chains[0]?.proxy as Hex,
      });
      expect(code).toBeUndefined();
    } finally {
      if (upstream) await stopAnvils([upstream]);
    }
  });
});

describe('runDrill: execution faults', () => {
  it('an execution that runs out of gas is reported and retried at the next block, before expiry', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-reverted',
        attacker: { enabled: false, depositWei: '0', spreadSeconds: 120 },
        faults: [{ kind: 'revert-execution', target: 'optimism', trigger: { after: 'activation', delaySeconds: 0 } }],
        expect: { upgraded: 'all', exactlyOnce: true, alerts: ['execution-reverted'] },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const optimism = report.chains.find((c) => c.name === 'optimism');
    const others = report.chains.filter((c) => c.name !== 'optimism');
    // Optimism (2 s blocks) runs the fix one block after the others.
    expect((optimism?.executedAtTimestamp ?? 0) - Math.max(...others.map((c) => c.executedAtTimestamp ?? 0))).toBe(2);
  });

  it('implementation code that changes after approval is refused at execution: that chain keeps its code', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-mutated',
        attacker: { enabled: false, depositWei: '0', spreadSeconds: 120 },
        faults: [
          { kind: 'mutate-implementation', target: 'arbitrum', trigger: { after: 'approved', delaySeconds: 0 } },
        ],
        expect: { upgraded: ['ethereum', 'optimism', 'polygon'], unchanged: ['arbitrum'] },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    // The defenders' check at queue time catches it; the chain guardian cancels before activation.
    const alert = report.alerts.find((a) => a.chain === 'arbitrum');
    expect(alert).toMatchObject({ kind: 'codehash-mismatch' });
    expect(alert?.message).toMatch(/changed after approval/);
    const arbitrum = report.chains.find((c) => c.name === 'arbitrum')?.messages[0];
    expect(arbitrum?.cancelled?.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(arbitrum?.executed).toBeNull();
    expect(report.vulnerabilityWindowSeconds).toBeNull();
  });
});

describe('runDrill: emergency and fallback paths', () => {
  it('emergency pause: the live exploit is stopped on every chain within the hub finality, without the timelock; fix, then unpause', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-emergency',
        proposal: { kind: 'emergency-pause', implementation: 'VaultV2', chains: 'all' },
        expect: { upgraded: 'all', alerts: ['exploit-detected'], maxTimeToPauseSeconds: 120 },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    // Only the exploit's first victim lost funds: the pause beat its spread to the others.
    const victims = report.chains.filter((c) => c.fundsLost !== '0');
    expect(victims.map((c) => c.name)).toEqual([report.alerts.find((a) => a.kind === 'exploit-detected')?.chain]);
    // Detected from the vault's balance in the theft's block; then hub blocks of 12 s, each
    // transaction in the block after its sender saw the last: the council's propose, approvals and
    // execute, two blocks of finality, the hub's own delivery: 6 blocks.
    expect(report.timeToPauseAllSeconds).toBe(72);
    const detected = report.alerts.find((a) => a.kind === 'exploit-detected');
    expect(detected?.message).toMatch(/^exploit: 10000000000000000000 wei left 0x[0-9a-fA-F]{40} on \w+ by block \d+/);
    expect(detected?.detectedAfterSeconds).toBeGreaterThan(0);
    expect(report.rtoSeconds).toBeGreaterThan(172_800);
    const paused = report.timeline.filter((e) => e.label === 'paused').map((e) => e.chain);
    const unpaused = report.timeline.filter((e) => e.label === 'unpaused').map((e) => e.chain);
    expect(paused.sort()).toEqual(['arbitrum', 'ethereum', 'optimism', 'polygon']);
    expect(unpaused.sort()).toEqual(['arbitrum', 'ethereum', 'optimism', 'polygon']);
    // The evidence: the pause, the fix and the unpause, each its own message applied by a transaction there.
    for (const chain of report.chains) {
      expect(chain.messages.map((m) => m.purpose)).toEqual(['pause', 'upgrade', 'unpause']);
      for (const m of chain.messages) expect(m.executed?.blockNumber).toEqual(expect.any(Number));
      expect(chain.messages.map((m) => m.queued !== null)).toEqual([false, true, false]);
    }
  });

  it('emergency pause with no theft: nothing leaves a vault, so exploit-detected does not fire (an expectation on it fails)', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-emergency-no-theft',
        attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
        proposal: { kind: 'emergency-pause', implementation: 'VaultV2', chains: 'all' },
        expect: { alerts: ['exploit-detected'] },
      }),
    });
    expect(report.alerts.map((a) => a.kind)).not.toContain('exploit-detected');
    expect(report.outcome).toBe('fail');
  });

  it('guardians gone for good: the bridge stalls, the fallback council ratifies, every chain switches together after the fallback delay', async () => {
    const { report } = await runDrill({
      scenario: fourChainScenario({
        name: 'test-outage',
        faults: [{ kind: 'kill-guardians', count: 8, trigger: { after: 'dispatched', delaySeconds: 0 } }],
        expect: {
          upgraded: 'all',
          alerts: ['bridge-quorum-lost', 'fallback-ratified', 'fallback-delayed'],
          fallbackDelayed: 'all',
          exactlyOnce: true,
          maxVulnerabilityWindowSeconds: 12,
        },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const activation = report.rounds[0]?.activationAt ?? 0;
    for (const chain of report.chains) {
      // Counted from the receiver: the fallback's delivery is a delivery (the guardians made none).
      expect([chain.deliveries, chain.executions]).toEqual([1, 1]);
      expect(chain.deliveredVia).toBe('fallback');
      // The fallback is no shortcut: queued, it waits the timelock's 2 days, well past the activation time.
      expect(chain.fallbackDelaySeconds).toBe(172_800);
      expect((chain.executableAt ?? 0) - (chain.queuedAt ?? 0)).toBe(172_800);
      expect(chain.activationDelaySeconds).toBe(Math.round((chain.executableAt ?? 0) - activation));
      // Ratified 10 min after dispatch (in each chain's next block), activation 1.5 h after it: about 2 d − 1 h 20 min past the activation.
      expect(chain.activationDelaySeconds).toBeGreaterThanOrEqual(172_800 - 5400 + 600);
      expect(chain.activationDelaySeconds).toBeLessThanOrEqual(172_800 - 5400 + 600 + 60);
      expect(chain.executedAtTimestamp).not.toBeNull();
    }
  });
});

describe('runDrill with guardians as OS processes', () => {
  it('guardians killed below quorum stall delivery; restarted, they resume it and every chain upgrades', async () => {
    const { report } = await runDrill({
      guardianMode: 'process',
      scenario: fourChainScenario({
        name: 'test-guardian-stall',
        guardians: { size: 5, quorum: 3 },
        faults: [
          { kind: 'kill-guardians', count: 3, trigger: { after: 'dispatched', delaySeconds: 0 }, durationSeconds: 600 },
        ],
        expect: { upgraded: 'all', alerts: ['bridge-quorum-lost'], exactlyOnce: true },
      }),
    });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    const fault = report.faults.find((f) => f.kind === 'kill-guardians');
    expect(fault?.clearedAt).toBe((fault?.injectedAt ?? 0) + 600);
    // Nothing was delivered while fewer than 3 guardians ran; everything after the restart.
    const queued = report.timeline.filter((e) => e.kind === 'queued');
    expect(queued).toHaveLength(4);
    for (const entry of queued) expect(entry.at).toBeGreaterThanOrEqual(fault?.clearedAt ?? Number.POSITIVE_INFINITY);
  });
});
