/** The scenario's `system` field: its shape and the proposals it can go with, refused with the fix. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load-scenario.js';
import { parseScenario } from './parse-scenario.js';

const base = await loadScenario('own-price-feed');

describe('scenario system', () => {
  it('parses the worked example with its defaults', () => {
    expect(base.system?.project).toBe('.');
    expect(base.system?.health.calls[0]).toEqual({ signature: 'version()', args: [], returns: ['2'] });
  });

  it('refuses a pause proposal and vault overrides with a system', () => {
    expect(() => parseScenario({ ...base, proposal: { kind: 'emergency-pause' } })).toThrow(
      /proposal\.kind: is "emergency-pause", but a scenario with your own system only upgrades it — set proposal\.kind to "upgrade"/,
    );
    expect(() =>
      parseScenario({ ...base, proposal: { overrides: [{ chain: 'arbitrum', implementation: 'VaultV3Faulty' }] } }),
    ).toThrow(/proposal\.overrides: names example-vault builds/);
  });

  it('refuses a health call with both or neither of returns and reverts, and a malformed artifact id', () => {
    const system = base.system;
    const call = { signature: 'version()', returns: ['2'], reverts: '' };
    expect(() => parseScenario({ ...base, system: { ...system, health: { calls: [call] } } })).toThrow(
      /system\.health\.calls\[0\]: needs exactly one of "returns"/,
    );
    expect(() => parseScenario({ ...base, system: { ...system, current: 'PriceFeedV1' } })).toThrow(
      /system\.current: has the wrong format: "PriceFeedV1" — set the forge artifact id of the implementation running today, e\.g\. "src\/Pool\.sol:PoolV1"/,
    );
  });
});
