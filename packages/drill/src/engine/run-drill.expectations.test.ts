/**
 * #13 item 7 and 8 end to end: a drill deploys the scenario's own timing, and a chain that stays on
 * its old code says why in the report (and `expect.staysOnOldCode`, `noAlerts`,
 * `maxFundsLostWeiPerChain` are checked against what the chains show).
 */
import { upgradeReceiverAbi } from '@lockstep/client';
import { createPublicClient, http } from 'viem';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import { runDrill } from './run-drill.js';

describe('runDrill: why a chain stays on its old code, with the team’s own timing', () => {
  it('malicious-proposal: the cancelled chains stay on their old code with a reason; the receivers run the scenario’s timing', async () => {
    const base = await loadScenario('malicious-proposal');
    const scenario = parseScenario({
      ...base,
      deployment: { messageExpirySeconds: 432_000, deliveryMarginSeconds: 900, minDelaySeconds: 1800 },
      attacker: { enabled: true },
      expect: {
        upgraded: ['ethereum', 'polygon'],
        staysOnOldCode: ['optimism', 'arbitrum'],
        alerts: ['codehash-mismatch'],
        noAlerts: ['chain-halted', 'bridge-quorum-lost'],
        maxFundsLostWeiPerChain: { ethereum: '10000000000000000000', all: '10000000000000000000' },
      },
    });
    const { report, stop } = await runDrill({ scenario, keep: true });
    try {
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);
      const reasons = Object.fromEntries(report.chains.map((c) => [c.name, c.notUpgradedReason]));
      expect(reasons.ethereum).toBeNull();
      expect(reasons.polygon).toBeNull();
      expect(reasons.optimism).toMatch(
        /^the chain guardian cancelled its message before it could execute \(codehash-mismatch: /,
      );
      expect(reasons.arbitrum).toMatch(
        /^the chain guardian cancelled its message before it could execute \(codehash-mismatch: /,
      );
      const stays = report.expectations.filter((e) => e.description.includes('stays on its old implementation'));
      expect(stays.map((e) => e.observed)).toEqual([
        expect.stringMatching(/^still runs 0x[0-9a-fA-F]{40}: the chain guardian cancelled/),
        expect.stringMatching(/^still runs 0x[0-9a-fA-F]{40}: the chain guardian cancelled/),
      ]);
      // The receivers were deployed with the scenario's minimum delay and message expiry.
      const polygon = report.chains.find((c) => c.name === 'polygon');
      const client = createPublicClient({ transport: http(polygon?.rpcUrl) });
      const receiver = report.addresses?.receiver as `0x${string}`;
      const [minDelay, gracePeriod] = await client.readContract({
        address: receiver,
        abi: upgradeReceiverAbi,
        functionName: 'delays',
      });
      expect([Number(minDelay), Number(gracePeriod)]).toEqual([1800, 432_000]);
      // The activation time is dispatch + margin + minimum delay.
      const [round] = report.rounds;
      expect((round?.activationAt ?? 0) - (round?.dispatchedAt ?? 0)).toBeCloseTo(900 + 1800, -1);
    } finally {
      await stop();
    }
  });
});
