import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse-scenario.js';
import { drillConfig } from './drill-config.js';

const chains = [
  { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub' },
  { name: 'op-mainnet', chainId: 10, blockTime: 2 },
];

describe('drillConfig', () => {
  it('accepts chain names with "-" (op-mainnet), down to the Lockstep config', () => {
    const scenario = parseScenario({
      name: 'dash',
      description: 'A chain named with a dash.',
      chains,
      proposal: { waves: [['op-mainnet'], ['ethereum']] },
      faults: [{ kind: 'halt-chain', target: 'op-mainnet', trigger: { after: 'dispatched' }, durationSeconds: 60 }],
      expect: { upgraded: ['op-mainnet'] },
    });
    expect(scenario.chains.map((c) => c.name)).toEqual(['ethereum', 'op-mainnet']);
    expect(drillConfig(scenario).networks.map((n) => n.name)).toEqual(['ethereum', 'op-mainnet']);
  });
});
