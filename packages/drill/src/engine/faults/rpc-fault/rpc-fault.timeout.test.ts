/**
 * The `rpc-fault` drill's `timeout` mode: optimism's endpoint never answers 30% of the relayer's
 * and the keeper's requests (a hung provider, not an error). Each unanswered request costs its
 * client's own timeout; the relayer and the keeper then retry as for any transient failure, so the
 * message is delivered, optimism switches, and the report agrees with the chain (on time, or late
 * with the reason). The checker re-reads optimism's switch and agrees.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenario/load-scenario.js';
import { parseScenario } from '../../../scenario/parse-scenario.js';
import { runDrill } from '../../run-drill.js';

describe('rpc-fault drill, timeout mode', () => {
  it('optimism’s endpoint leaves 30% of the relayer’s and keeper’s requests unanswered: retries carry the upgrade through', async () => {
    const base = await loadScenario('rpc-fault');
    const scenario = parseScenario({
      ...base,
      faults: [
        {
          kind: 'rpc-fault',
          target: 'optimism',
          trigger: { after: 'dispatched', delaySeconds: 0 },
          actors: ['relayer', 'keeper'],
          mode: 'timeout',
          rate: 0.3,
          durationSeconds: 259200,
        },
      ],
      expect: { upgraded: 'all', exactlyOnce: true },
    });
    const { report } = await runDrill({ scenario, verify: true });
    expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(report.verification?.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.faults.map((f) => f.detail)).toEqual([
      expect.stringMatching(/optimism's RPC endpoint never answers 30% of requests for relayer, keeper/),
    ]);
    // The checker's own rpc-fault check ran on optimism and agrees with the report.
    expect(
      report.verification?.checks.filter((c) => c.check === 'activation under rpc-fault').map((c) => c.chain),
    ).toEqual(['optimism']);
  }, 1_200_000);
});
