import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse-scenario.js';
import { drillConfig, drillConfigInput } from './drill-config.js';

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

  it("carries the scenario's deployment timing into the config the drill deploys", () => {
    const scenario = parseScenario({
      name: 'timing',
      description: 'A team with its own timing.',
      chains,
      timelockDelaySeconds: 86_400,
      deployment: {
        messageExpirySeconds: 259_200,
        deliveryMarginSeconds: 900,
        minDelaySeconds: 7200,
        guardianSetOverlapSeconds: 43_200,
      },
    });
    const config = drillConfig(scenario);
    expect(config.networks.map((n) => n.deliveryMargin)).toEqual([900, 900]);
    expect(config.receiver).toMatchObject({ minDelay: 7200, gracePeriod: 259_200, fallbackDelay: 86_400 });
    expect(config.guardians.setExpiryWindow).toBe(43_200);
    // The file the guardian and relayer processes load says the same.
    expect(drillConfigInput(scenario).receiver).toMatchObject({ minDelay: 7200, gracePeriod: 259_200 });
  });

  it("defaults to the Lockstep default config's timing", () => {
    const config = drillConfig(parseScenario({ name: 'd', description: 'Defaults.', chains }));
    expect(config.networks.map((n) => n.deliveryMargin)).toEqual([1800, 1800]);
    expect(config.receiver).toMatchObject({ minDelay: 3600, gracePeriod: 604_800, fallbackDelay: 172_800 });
    expect(config.guardians.setExpiryWindow).toBe(86_400);
  });

  it('the fallback delay is at least the minimum delay', () => {
    const scenario = parseScenario({
      name: 'f',
      description: 'A short timelock.',
      chains,
      timelockDelaySeconds: 600,
      deployment: { minDelaySeconds: 5400 },
    });
    expect(drillConfig(scenario).receiver.fallbackDelay).toBe(5400);
  });
});
