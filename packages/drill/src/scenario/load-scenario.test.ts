import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScenarioName, listScenarios, loadScenario } from './load-scenario.js';
import { ScenarioError } from './scenario-error.js';

const BUILT_IN = [
  'bridge-outage',
  'clock-skew',
  'delayed-message',
  'dropped-message',
  'emergency-pause',
  'equivocating-guardian',
  'gas-spike',
  'guardian-rotation',
  'halted-chain',
  'halted-chain-hold',
  'happy-path',
  'hub-reorg',
  'hub-reorg-deep',
  'malicious-proposal',
  'own-price-feed',
  'presigned-pause',
  'relayer-crash',
  'reverted-upgrade',
  'rollback',
  'rpc-fault',
  'sequencer-outage',
  'sequencer-outage-hold',
  'staged-rollout',
  'staged-rollout-stopped',
];

async function rejection(promise: Promise<unknown>): Promise<ScenarioError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScenarioError);
  return error as ScenarioError;
}

describe('loadScenario', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drill-scenario-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('tells names from paths', () => {
    expect(isScenarioName('happy-path')).toBe(true);
    expect(isScenarioName('./happy-path.json')).toBe(false);
    expect(isScenarioName('happy-path.json')).toBe(false);
    expect(isScenarioName('a/b')).toBe(false);
  });

  it('lists the built-in scenarios', async () => {
    expect(await listScenarios()).toEqual(BUILT_IN);
  });

  it.each(BUILT_IN)('loads built-in %s by name', async (name) => {
    const scenario = await loadScenario(name);
    expect(scenario.name).toBe(name);
    expect(scenario.description.length).toBeGreaterThan(40);
    expect(scenario.chains.map((c) => [c.name, c.chainId, c.blockTime, c.role, c.finalityDepth])).toEqual([
      ['ethereum', 1, 12, 'hub', 2],
      ['arbitrum', 42161, 0.25, 'satellite', 0],
      ['optimism', 10, 2, 'satellite', 0],
      ['polygon', 137, 2, 'satellite', 0],
    ]);
  });

  it('reads a path as given and names the scenario after the file', async () => {
    const file = join(dir, 'custom-drill.json');
    await writeFile(
      file,
      JSON.stringify({ description: 'x', chains: [{ name: 'hub', chainId: 31337, blockTime: 1, role: 'hub' }] }),
    );
    const scenario = await loadScenario(file);
    expect(scenario.name).toBe('custom-drill');
    expect(scenario.chains[0]?.finalityDepth).toBe(2);
  });

  it('looks names up in another directory', async () => {
    await writeFile(
      join(dir, 'mine.json'),
      JSON.stringify({ description: 'x', chains: [{ name: 'hub', chainId: 5, blockTime: 1, role: 'hub' }] }),
    );
    expect((await loadScenario('mine', { dir })).chains[0]?.chainId).toBe(5);
    expect(await listScenarios({ dir })).toContain('mine');
  });

  it('lists the available scenarios for an unknown name', async () => {
    const error = await rejection(loadScenario('happy-pth'));
    expect(error.shortMessage).toContain('there is no scenario named "happy-pth"');
    expect(error.shortMessage).toContain(`use one of: ${BUILT_IN.join(', ')}`);
  });

  it('refuses a missing path', async () => {
    const error = await rejection(loadScenario(join(dir, 'nope.json')));
    expect(error.shortMessage).toBe(
      '(scenario): does not exist — check the path, or give the name of a built-in scenario',
    );
    expect(error.file).toBe(join(dir, 'nope.json'));
  });

  it('refuses an unreadable path', async () => {
    const error = await rejection(loadScenario(`${dir}/`));
    expect(error.shortMessage).toMatch(/cannot be read \(EISDIR\)/);
  });

  it('names the line and column of a JSON syntax error', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{\n  "description": "x",\n  "chains": [}\n');
    const error = await rejection(loadScenario(file));
    expect(error.shortMessage).toMatch(/^\(scenario\): invalid JSON at line 3, column 14 \(/);
    expect(error.message).toContain(`in ${file}`);
  });

  it('says YAML is not supported, by extension or by content, instead of "invalid JSON"', async () => {
    const yaml = 'description: A drill\nchains:\n  - name: ethereum\n    chainId: 1\n';
    for (const name of ['drill.yaml', 'drill.yml', 'drill-yaml.json']) {
      const file = join(dir, name);
      await writeFile(file, yaml);
      const error = await rejection(loadScenario(file));
      expect(error.shortMessage).toMatch(/YAML is not supported/);
      expect(error.shortMessage).toMatch(/convert it to JSON/);
      expect(error.shortMessage).not.toMatch(/invalid JSON/);
    }
    // A YAML path given without a directory is a path, not a built-in name.
    expect(isScenarioName('drill.yaml')).toBe(false);
    // JSON with a YAML extension is still read (JSON is YAML).
    const file = join(dir, 'json.yaml');
    await writeFile(
      file,
      JSON.stringify({ description: 'x', chains: [{ name: 'a', chainId: 1, blockTime: 1, role: 'hub' }] }),
    );
    expect((await loadScenario(file)).name).toBe('json');
  });

  it('reports schema mistakes with the file', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ description: 'x', chains: [], seed: 'one' }));
    const error = await rejection(loadScenario(file));
    expect(error.issues.map((i) => i.path)).toEqual(['seed', 'chains']);
    expect(error.file).toBe(file);
  });
});
