/**
 * The `rpc-fault` built-in drill with the defence removed: the relayer and the keeper try each RPC
 * call once. The keeper's execution on a faulted chain fails at the activation time, the chain
 * switches late, the attacker drains its vault in the gap, and the report says which chain missed
 * and why (and still checks out against the chains).
 */
import { describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../../scenario/load-scenario.js';
import { runDrill } from '../../run-drill.js';

vi.mock('../../defenders/rpc-retry.js', () => ({
  RELAYER_RETRY: { attempts: 1 },
  KEEPER_RETRY: { attempts: 1 },
}));

describe('rpc-fault drill, without retries', () => {
  it('a faulted chain misses the activation time, funds are lost, and the report names the chain and why', async () => {
    const scenario = await loadScenario('rpc-fault');
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    const activation = report.originTimestamp + (report.rounds[0]?.activationAt ?? Number.NaN);
    const late = report.chains.filter((c) => c.executedAtTimestamp !== activation);
    expect(late.map((c) => c.name)).not.toEqual([]);
    for (const chain of late) {
      expect(['optimism', 'polygon']).toContain(chain.name);
      expect(report.alerts.some((a) => a.chain === chain.name)).toBe(true);
    }
    expect(late.some((c) => BigInt(c.fundsLost) > 0n)).toBe(true);
    expect(report.expectations.find((e) => !e.passed)?.description).toMatch(/vulnerability window/);
  }, 600_000);
});
