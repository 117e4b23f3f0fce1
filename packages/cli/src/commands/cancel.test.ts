import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '@lockstep/core/config';
import { type DeploymentAddresses, deployAll, resolveDeployerKey } from '@lockstep/core/deploy';
import { findFreePortRange, startDevnet, stopDevnet } from '@lockstep/core/devnet';
import { keccak256, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/lockstep.mjs', import.meta.url));
const DEPLOY_TIMEOUT = 300_000;

type Run = { code: number; stdout: string; stderr: string };

/** Runs the real `lockstep` executable in `cwd`, stdin a pipe (not a terminal). */
function lockstep(...args: string[]): Promise<Run> {
  return new Promise((resolveRun) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolveRun({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

let cwd: string;
let addresses: DeploymentAddresses;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'cli-cancel-'));
  const config = defaultConfig();
  // Fast blocks: the default's 12 s hub block time would make every transaction wait.
  config.networks = config.networks
    .filter((n) => n.name === 'ethereum' || n.name === 'arbitrum')
    .map((n) => ({ ...n, rpc: { local: true, blockTime: 0.2 } }));
  const devnet = await startDevnet(config, { cwd, basePort: await findFreePortRange(2) });
  const urls = Object.fromEntries(devnet.chains.map((c) => [c.name, c.rpcUrl]));
  if (!config.keys.deployer) throw new Error('the default config has a deployer key');
  const account = await resolveDeployerKey(config.keys.deployer, {}, { allowTestMnemonic: true });
  const [hub] = await deployAll({ config, account, rpcUrls: urls });
  if (!hub) throw new Error('deployed on the hub');
  addresses = hub.addresses;
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await stopDevnet({ cwd });
  await rm(cwd, { recursive: true, force: true });
});

/** Members `who` (config indices) sign `proposalId` offline into `file`. */
async function sign(proposalId: string, who: readonly string[], file: string): Promise<void> {
  for (const member of who) {
    const run = await lockstep(
      'approve',
      '--proposal',
      proposalId,
      '--member',
      member,
      '--yes',
      '--signatures-out',
      file,
    );
    expect(run.code, run.stderr).toBe(0);
  }
}

describe('lockstep cancel', () => {
  it(
    'proposes the cancel of an upgrade, refuses to execute it below the emergency threshold, then vetoes it',
    async () => {
      const actionsFile = join(cwd, 'actions.json');
      await writeFile(
        actionsFile,
        JSON.stringify([{ network: 'ethereum', proxy: addresses.vault, implementation: addresses.vaultV2 }]),
      );
      const proposed = await lockstep(
        'propose',
        '--actions',
        actionsFile,
        '--audit-hash',
        keccak256(toHex('audit')),
        '--member',
        '0',
        '--json',
      );
      expect(proposed.code, proposed.stderr).toBe(0);
      const { proposalId } = JSON.parse(proposed.stdout) as { proposalId: string };

      const noKey = await lockstep('cancel', '--proposal', proposalId);
      expect(noKey.code).toBe(1);
      expect(noKey.stderr).toMatch(/no key to sign with — pass --member <i> or --key-env <VAR>/);

      const cancel = await lockstep('cancel', '--proposal', proposalId, '--member', '4', '--json');
      expect(cancel.code, cancel.stderr).toBe(0);
      const doc = JSON.parse(cancel.stdout) as { step: string; cancelId: string; proposalId: string };
      expect(doc).toMatchObject({ step: 'proposed', proposalId });
      expect(doc.cancelId).toMatch(/^0x[0-9a-f]{64}$/);
      const { cancelId } = doc;

      const three = join(cwd, 'three.json');
      await sign(cancelId, ['0', '1', '2'], three);
      const submitted = await lockstep('approve', '--proposal', cancelId, '--submit', three, '--member', '8', '--json');
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(JSON.parse(submitted.stdout)).toMatchObject({ approvals: 3 });

      const short = await lockstep('cancel', '--proposal', cancelId, '--json');
      expect(short.code).toBe(1);
      expect(JSON.parse(short.stdout)).toMatchObject({ error: { name: 'CouncilRevertError', exitCode: 1 } });
      expect(short.stderr).toMatch(/executeCancel reverted with CouncilQuorumNotMet\(.*\) — 3 of 4 approvals/);

      const fourth = join(cwd, 'fourth.json');
      await sign(cancelId, ['3'], fourth);
      expect((await lockstep('approve', '--proposal', cancelId, '--submit', fourth, '--member', '8')).code).toBe(0);
      const executed = await lockstep('cancel', '--proposal', cancelId, '--json');
      expect(executed.code, executed.stderr).toBe(0);
      expect(JSON.parse(executed.stdout)).toMatchObject({
        step: 'executed',
        cancelId,
        proposalId,
        wasScheduled: false,
      });

      const status = await lockstep('status', '--proposal', proposalId, '--json');
      expect(JSON.parse(status.stdout)).toMatchObject({ status: 'cancelled' });

      const again = await lockstep('cancel', '--proposal', proposalId, '--member', '4');
      expect(again.code).toBe(1);
      expect(again.stdout).toBe('');
      expect(again.stderr).toMatch(/cannot be cancelled: it is already cancelled/);
    },
    DEPLOY_TIMEOUT,
  );
});
