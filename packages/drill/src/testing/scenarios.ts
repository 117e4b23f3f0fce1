/** Scenario objects for the engine's tests (the built-in scenario files are parsed elsewhere). */
import { parseScenario } from '../scenario/parse-scenario.js';
import { ScenarioError } from '../scenario/scenario-error.js';
import { DEFAULT_DEPLOYMENT } from '../scenario/schema.js';
import type { Scenario } from '../types.js';

export function fourChainScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    name: 'test-happy-path',
    description: 'four local chains, one upgrade',
    seed: 1,
    chains: [
      { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub', finalityDepth: 2 },
      { name: 'arbitrum', chainId: 42161, blockTime: 0.25, role: 'satellite', finalityDepth: 0 },
      { name: 'optimism', chainId: 10, blockTime: 2, role: 'satellite', finalityDepth: 0 },
      { name: 'polygon', chainId: 137, blockTime: 2, role: 'satellite', finalityDepth: 0 },
    ],
    council: { size: 9, threshold: 6, emergencyThreshold: 4 },
    guardians: { size: 15, quorum: 8 },
    timelockDelaySeconds: 172_800,
    deployment: { ...DEFAULT_DEPLOYMENT },
    baseline: 'VaultV1',
    proposal: { kind: 'upgrade', implementation: 'VaultV2', chains: 'all' },
    response: { onFailedHealthCheck: 'stop', onHaltedChain: 'proceed' },
    faults: [],
    attacker: { enabled: true, depositWei: '10000000000000000000', spreadSeconds: 120 },
    expect: { upgraded: 'all', maxVulnerabilityWindowSeconds: 12, exactlyOnce: true, maxFundsLostWei: '0' },
    ...overrides,
  };
}

/** A two-chain scenario (hub ethereum, optimism) with one `faults[]` entry, parsed as a file would be. */
export function parseWithFault(fault: Record<string, unknown>): Scenario {
  return parseScenario({
    name: 'test',
    description: 'A test drill.',
    chains: [
      { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub' },
      { name: 'optimism', chainId: 10, blockTime: 2 },
    ],
    faults: [fault],
  });
}

/** The "path: problem — fix" lines the scenario error names for that fault entry ([] when it parses). */
export function faultIssues(fault: Record<string, unknown>): string[] {
  try {
    parseWithFault(fault);
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.issues.map((i) => `${i.path}: ${i.problem} — ${i.fix}`);
  }
}
