import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLockstep } from '../test-support.js';

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];

let anvils: Anvil[] = [];
let cwd: string;
const at = (n: number) => privateKeyToAddress(`0x${n.toString(16).padStart(64, '0')}`);

beforeAll(async () => {
  anvils = await startAnvils([{ name: 'ethereum', chainId: 1 }]);
  cwd = await mkdtemp(join(tmpdir(), 'cli-execute-ready-'));
  // A deployment record of a chain that is gone: the anvil above has none of its contracts.
  const addresses = {
    factory: at(1),
    receiver: at(2),
    registry: at(3),
    adapters: { guardian: at(4), fallback: at(5) },
    timelock: at(6),
    hub: at(7),
    council: at(8),
  };
  await mkdir(join(cwd, 'deployments'));
  await writeFile(
    join(cwd, 'deployments', 'ethereum.json'),
    JSON.stringify({ network: 'ethereum', chainId: 1, rpcUrl: 'http://127.0.0.1', deployer: at(9), addresses }),
  );
});
afterAll(async () => {
  await stopAnvils(anvils);
  await rm(cwd, { recursive: true, force: true });
});

describe('lockstep execute-ready on the wrong chain', () => {
  it('exits 1 before doing anything, listing every chain problem in one line each (and in --json)', async () => {
    const url = anvils[0]?.rpcUrl ?? '';
    const run = await runLockstep(
      ['execute-ready', '--root', cwd, '--rpc', `ethereum=${url}`, '--rpc', `arbitrum=${url}`, '--json'],
      { cwd },
    );
    expect(run.code, run.stderr).toBe(1);
    const { error } = JSON.parse(run.stdout) as {
      error: { name: string; shortMessage: string; details: string; problems: string[] };
    };
    expect(error.name).toBe('DeploymentCheckError');
    expect(error.problems).toEqual([
      expect.stringMatching(/^networks\.ethereum: no hub at 0x\w+ on chain 1 .*lockstep deploy/),
      expect.stringMatching(/^networks\.ethereum: no receiver at /),
      expect.stringMatching(/^networks\.arbitrum: RPC .* reports chain id 1, the config says 42161/),
    ]);
    expect(error.details).toBe(error.problems.join('\n'));
    expect(run.stderr).not.toMatch(/Request body|Version: viem/); // no raw viem dump
    expect(run.stdout).not.toMatch(/not-queued/);
  });
});
