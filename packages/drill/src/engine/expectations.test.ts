import { describe, expect, it } from 'vitest';
import { failReport, passReport } from '../report/test-fixtures.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import type { DrillReport } from '../types.js';
import { evaluateExpectations } from './expectations.js';

const chains = [
  { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub' },
  { name: 'arbitrum', chainId: 42161, blockTime: 0.25 },
  { name: 'optimism', chainId: 10, blockTime: 2 },
  { name: 'polygon', chainId: 137, blockTime: 2 },
];

/** The expectations `expect` gives on `report` (parsed like a scenario file, so the schema accepts them). */
function check(expectations: Record<string, unknown>, report: DrillReport) {
  const scenario = parseScenario({
    name: 'x',
    description: 'Expectation fixtures.',
    chains,
    attacker: { enabled: true },
    expect: expectations,
  });
  return evaluateExpectations(scenario, report);
}

describe('evaluateExpectations', () => {
  describe('noAlerts', () => {
    it('passes when the alert did not fire', () => {
      expect(check({ noAlerts: ['chain-halted'] }, passReport())).toEqual([
        { description: 'alert "chain-halted" does not fire', passed: true, observed: 'did not fire' },
      ]);
    });

    it('fails when it fired, saying where, when and what', () => {
      expect(check({ noAlerts: ['chain-halted', 'codehash-mismatch'] }, failReport())).toEqual([
        {
          description: 'alert "chain-halted" does not fire',
          passed: false,
          observed: 'fired once: polygon at +48:03:00: no block for 120 s',
        },
        { description: 'alert "codehash-mismatch" does not fire', passed: true, observed: 'did not fire' },
      ]);
    });
  });

  describe('maxFundsLostWeiPerChain', () => {
    it('checks each named chain against its own limit', () => {
      expect(check({ maxFundsLostWeiPerChain: { polygon: '0', ethereum: '0' } }, failReport())).toEqual([
        {
          description: 'the attacker takes at most 0 wei on polygon',
          passed: false,
          observed: '10000000000000000000 wei lost of 10000000000000000000 wei at risk',
        },
        {
          description: 'the attacker takes at most 0 wei on ethereum',
          passed: true,
          observed: 'nothing lost (10000000000000000000 wei at risk)',
        },
      ]);
    });

    it('"all" limits every chain not named', () => {
      const results = check({ maxFundsLostWeiPerChain: { polygon: '10000000000000000000', all: '0' } }, failReport());
      expect(results.map((r) => [r.description, r.passed])).toEqual([
        ['the attacker takes at most 0 wei on ethereum', true],
        ['the attacker takes at most 0 wei on arbitrum', true],
        ['the attacker takes at most 0 wei on optimism', true],
        ['the attacker takes at most 10000000000000000000 wei on polygon', true],
      ]);
    });
  });

  describe('staysOnOldCode', () => {
    it('passes when the chain kept its implementation and the report says why', () => {
      expect(check({ staysOnOldCode: ['polygon'] }, failReport())).toEqual([
        {
          description: 'polygon stays on its old implementation, and the report says why',
          passed: true,
          observed:
            'still runs 0x1111111111111111111111111111111111111111: its message was never delivered: polygon was halted until the end of the drill (chain-halted: no block for 120 s)',
        },
      ]);
    });

    it('fails when the chain switched', () => {
      const [result] = check({ staysOnOldCode: ['ethereum'] }, failReport());
      expect(result).toMatchObject({
        passed: false,
        observed:
          'switched from 0x1111111111111111111111111111111111111111 to 0x2222222222222222222222222222222222222222',
      });
    });

    it('fails when the report gives no reason', () => {
      const report = failReport();
      report.chains = report.chains.map((c) => (c.name === 'polygon' ? { ...c, notUpgradedReason: null } : c));
      const [result] = check({ staysOnOldCode: ['polygon'] }, report);
      expect(result).toMatchObject({
        passed: false,
        observed: 'still runs 0x1111111111111111111111111111111111111111, but the report gives no reason',
      });
    });
  });
});
