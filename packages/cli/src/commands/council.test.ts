import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '@lockstep/core/config';
import { type DeploymentAddresses, deployAll, resolveDeployerKey } from '@lockstep/core/deploy';
import { advanceTime, findFreePortRange, startDevnet, stopDevnet } from '@lockstep/core/devnet';
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
let hubUrl: string;
let addresses: DeploymentAddresses;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'cli-council-'));
  const config = defaultConfig();
  // Fast blocks: the default's 12 s hub block time would make every transaction wait.
  config.networks = config.networks
    .filter((n) => n.name === 'ethereum' || n.name === 'arbitrum')
    .map((n) => ({ ...n, rpc: { local: true, blockTime: 0.2 } }));
  const devnet = await startDevnet(config, { cwd, basePort: await findFreePortRange(2) });
  const urls = Object.fromEntries(devnet.chains.map((c) => [c.name, c.rpcUrl]));
  hubUrl = urls.ethereum ?? '';
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

describe('lockstep propose | approve | status | execute', () => {
  it(
    'runs a proposal from propose to the hub messages, refusing to sign unconfirmed on a non-TTY',
    async () => {
      const actionsFile = join(cwd, 'actions.json');
      await writeFile(
        actionsFile,
        JSON.stringify([
          { network: 'ethereum', proxy: addresses.vault, implementation: addresses.vaultV2 },
          { chainId: 42161, proxy: addresses.vault, implementation: addresses.vaultV2 },
        ]),
      );
      const auditHash = keccak256(toHex('audit'));
      const proposed = await lockstep(
        'propose',
        '--actions',
        actionsFile,
        '--audit-hash',
        auditHash,
        '--member',
        '0',
        '--json',
      );
      expect(proposed.code, proposed.stderr).toBe(0);
      const { proposalId } = JSON.parse(proposed.stdout) as { proposalId: string };
      expect(proposalId).toMatch(/^0x[0-9a-f]{64}$/);

      const refused = await lockstep('approve', '--proposal', proposalId, '--member', '1');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/verifyingContract 0x/);
      expect(refused.stderr).toMatch(/digest {5}0x[0-9a-f]{64} \(equal to the council's approvalDigest\)/);
      expect(refused.stderr).toMatch(/on arbitrum \(chain 42161\):[\s\S]*code matches/);
      expect(refused.stderr).toMatch(/refusing to sign without confirmation: stdin is not a terminal .* --yes/);

      const signatures = join(cwd, 'signatures.json');
      for (const member of ['0', '1', '2', '3', '4', '5']) {
        const signed = await lockstep(
          'approve',
          '--proposal',
          proposalId,
          '--member',
          member,
          '--yes',
          '--signatures-out',
          signatures,
        );
        expect(signed.code, signed.stderr).toBe(0);
      }
      expect(JSON.parse(await readFile(signatures, 'utf8'))).toHaveLength(6);

      const before = await lockstep('status', '--proposal', proposalId, '--json');
      expect(before.code, before.stderr).toBe(0);
      expect(JSON.parse(before.stdout)).toMatchObject({ approvals: 0, quorum: 6, status: 'pending' });

      const submitted = await lockstep(
        'approve',
        '--proposal',
        proposalId,
        '--submit',
        signatures,
        '--member',
        '8',
        '--json',
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(JSON.parse(submitted.stdout)).toMatchObject({ step: 'submitted', approvals: 6 });

      const scheduled = await lockstep('execute', '--proposal', proposalId, '--json');
      expect(scheduled.code, scheduled.stderr).toBe(0);
      expect(JSON.parse(scheduled.stdout)).toMatchObject({ step: 'scheduled', delay: '172800' });

      const early = await lockstep('execute', '--proposal', proposalId);
      expect(early.code).toBe(1);
      expect(early.stderr).toMatch(/cannot be executed: its timelock delay runs until/);

      await advanceTime(hubUrl, 2 * 24 * 3600);
      const executed = await lockstep('execute', '--proposal', proposalId, '--json');
      expect(executed.code, executed.stderr).toBe(0);
      const result = JSON.parse(executed.stdout) as { messages: { chainId: number; kind: string }[] };
      expect(result.messages.map((m) => [m.chainId, m.kind])).toEqual([
        [1, 'upgrade'],
        [42161, 'upgrade'],
      ]);

      const after = await lockstep('status', '--proposal', proposalId, '--json');
      expect(after.code).toBe(0);
      const doc = JSON.parse(after.stdout) as { operation: { state: string }; messages: { state: string }[] };
      expect(doc.operation.state).toBe('done');
      expect(doc.messages.map((m) => m.state)).toEqual(['dispatched', 'dispatched']);
    },
    DEPLOY_TIMEOUT,
  );

  it('status of an unknown proposal: exit 1 with the reason, one JSON error document', async () => {
    const run = await lockstep('status', '--proposal', keccak256(toHex('nope')), '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { name: 'CouncilError' } });
    expect(run.stderr).toMatch(/no proposal 0x[0-9a-f]{64} on council/);
  });
});
