/**
 * `lockstep presign` for the executor: `receiver-execute` entries that name no receiver, which
 * `create` looks up in `<root>/deployments/<network>.json`, on real anvils with Lockstep deployed
 * and an upgrade delivered to every chain.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigInput } from '@lockstep/core/config';
import { deploymentPath, resolveDeployerKey } from '@lockstep/core/deploy';
import { advanceTime } from '@lockstep/core/devnet';
import { repoRoot } from '@lockstep/toolchain';
import { type Address, getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test scaffolding shared with core's presign and relay tests (anvils, deployAll, a delivered upgrade).
import { type DeliveredUpgrade, deliverVaultUpgrade, networkOf } from '../../../core/src/presign/execute-fixture.js';
import { IMPLEMENTATION_SLOT } from '../../../core/src/presign/test-fixture.js';
import { type Fixture, NETWORKS, startFixture } from '../../../core/src/relay/test-fixture.js';
import { type LockstepRun, runLockstep } from '../test-support.js';

const TIMEOUT = 300_000;
/** The receivers' activation delay in the default config, and a minute more. */
const PAST_ACTIVATION = 5400 + 60;

let fixture: Fixture;
let delivered: DeliveredUpgrade;
let dir: string;
let executorKey: string;

beforeAll(async () => {
  fixture = await startFixture();
  dir = await mkdtemp(join(tmpdir(), 'lockstep-presign-execute-'));
  // The deployment files deployAll just wrote, as a project of its own would hold them (--root).
  await mkdir(join(dir, 'root', 'deployments'), { recursive: true });
  for (const { name } of NETWORKS) {
    await copyFile(deploymentPath(repoRoot, name), deploymentPath(join(dir, 'root'), name));
  }
  await mkdir(join(dir, 'empty'));
  const networks = defaultConfigInput.networks
    .filter((n) => NETWORKS.some((m) => m.name === n.name))
    .map((n) => ({ ...n, rpc: fixture.rpcUrls[n.name] }));
  await writeFile(join(dir, 'lockstep.config.json'), JSON.stringify({ ...defaultConfigInput, networks }));
  await writeFile(join(dir, 'passphrase'), 'bundle passphrase for the executor test\n');
  const relayer = fixture.config.keys.relayer;
  if (!relayer) throw new Error('the default config names a relayer key');
  executorKey = (await resolveDeployerKey(relayer, {}, { allowTestMnemonic: true })).privateKey;
  delivered = await deliverVaultUpgrade(fixture, 'executor bundle');
}, TIMEOUT);
afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const lockstep = (...args: string[]) =>
  runLockstep([...args, '--config', join(dir, 'lockstep.config.json')], {
    cwd: dir,
    env: { EXECUTOR_KEY: executorKey },
  });
const bundleFlags = () => ['--bundle', join(dir, 'execute.bundle'), '--passphrase-file', join(dir, 'passphrase')];
const json = (run: LockstepRun) => JSON.parse(run.stdout) as Record<string, unknown>;

/** A plan executing every delivered message, its receiver left to the deployment files. */
async function writePlan(): Promise<string> {
  const notBefore = Math.floor(Date.now() / 1000);
  const plan = {
    proposal: 'executor bundle',
    notBefore,
    expiresAt: notBefore + 86_400,
    transactions: delivered.messages.map((m) => ({
      network: networkOf(m.chainId),
      kind: 'receiver-execute',
      encodedMessage: m.encoded,
      // Not executable before its activation time: no estimate now, the plan gives the limit.
      gasLimit: '600000',
    })),
  };
  const path = join(dir, 'plan.json');
  await writeFile(path, JSON.stringify(plan));
  return path;
}

describe('lockstep presign: receiver-execute', () => {
  it(
    'looks each receiver up in the deployment files, signs execute, verifies and broadcasts it after activation',
    async () => {
      const plan = await writePlan();
      const create = (root: string) =>
        lockstep(
          ...['presign', 'create', '--plan', plan, '--key-env', 'EXECUTOR_KEY', '--root', root],
          ...['--out', join(dir, 'execute.bundle'), '--passphrase-file', join(dir, 'passphrase'), '--yes', '--json'],
        );

      // Without deployment files there is no receiver to call: the file and the fix are named.
      const missing = await create(join(dir, 'empty'));
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(
        /error: \w+ has no deployment \(.*empty\/deployments\/\w+\.json does not exist\) — run `lockstep deploy` first/,
      );

      const created = await create(join(dir, 'root'));
      expect(created.code, created.stderr).toBe(0);
      const { receiver } = fixture.addresses;
      const result = json(created) as { chains: { network: string; kind: string; to: string }[] };
      expect(result.chains.map((c) => [c.network, c.kind, c.to])).toEqual(
        ['ethereum', 'optimism', 'arbitrum'].map((network) => [network, 'receiver-execute', receiver]),
      );
      expect(created.stderr).toMatch(
        /ethereum \(chain 1\)\n {4}to {10}0x[0-9a-fA-F]{40}\n {4}call {8}execute\(message #\d+ from chain 1 to chain 1\)/,
      );

      await Promise.all(NETWORKS.map((n) => advanceTime(fixture.rpcUrls[n.name] ?? '', PAST_ACTIVATION)));
      const verified = await lockstep('presign', 'verify', ...bundleFlags(), '--json');
      expect(verified.code, verified.stderr).toBe(0);
      const report = json(verified) as {
        chains: { simulation: { status: string }; decoded: { call: { text: string } } }[];
      };
      expect(report.chains.map((c) => c.simulation.status)).toEqual(['success', 'success', 'success']);
      expect(report.chains.map((c) => c.decoded.call.text)).toEqual(
        [1, 10, 42161].map((chainId) =>
          expect.stringMatching(new RegExp(`^execute\\(message #\\d+ from chain 1 to chain ${chainId}\\)$`)),
        ),
      );

      const sent = await lockstep('presign', 'broadcast', ...bundleFlags(), '--yes', '--json');
      expect(sent.code, sent.stderr).toBe(0);
      expect((json(sent) as { chains: { status: string }[] }).chains.map((c) => c.status)).toEqual([
        'included',
        'included',
        'included',
      ]);
      const { vault, vaultV2 } = fixture.addresses;
      for (const { chainId } of NETWORKS) {
        const slot = await delivered.readers[chainId]?.getStorageAt({
          address: vault as Address,
          slot: IMPLEMENTATION_SLOT,
        });
        expect(getAddress(`0x${(slot ?? '').slice(-40)}`)).toBe(vaultV2);
      }
    },
    TIMEOUT,
  );
});
