import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultConfigInput } from '@lockstep/core/config';
import { prepareTransactions, presignPlanSchema, signBundle, writeBundle } from '@lockstep/core/presign';
import { keystoreSigner, Passphrase } from '@lockstep/core/signing';
import { nativeBinary } from '@lockstep/toolchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test scaffolding shared with core's presign tests (anvils, proxies, a cast keystore).
import {
  BUNDLE_PASSPHRASE,
  KEYSTORE_PASSPHRASE,
  type PresignFixture,
  startPresignFixture,
} from '../../../core/src/presign/test-fixture.js';
import { type LockstepRun, runLockstep } from '../test-support.js';

const TIMEOUT = 180_000;
let f: PresignFixture;
let config: string;

beforeAll(async () => {
  f = await startPresignFixture();
  const input = structuredClone(defaultConfigInput);
  const networks = input.networks
    .filter((n) => n.name === 'ethereum' || n.name === 'arbitrum')
    .map((n) => ({ ...n, rpc: f.rpcUrls[n.name] }));
  config = join(f.dir, 'lockstep.config.json');
  await writeFile(config, JSON.stringify({ ...input, networks }));
  await writeFile(join(f.dir, 'only-ethereum.json'), JSON.stringify({ ...input, networks: networks.slice(0, 1) }));
}, TIMEOUT);
afterAll(() => f?.stop());

const lockstep = (...args: string[]) => runLockstep([...args, '--config', config], { cwd: f.dir });
const at = (name: string) => join(f.dir, name);
const bundleFlags = (bundle: string) => ['--bundle', at(bundle), '--passphrase-file', at('passphrase')];
const json = (run: LockstepRun) => JSON.parse(run.stdout) as Record<string, unknown>;

async function writePlan(name: string, notBefore = Math.floor(Date.now() / 1000), expiresIn?: number): Promise<string> {
  const plan = f.plan(notBefore);
  await writeFile(at(name), JSON.stringify(expiresIn ? { ...plan, expiresAt: notBefore + expiresIn } : plan));
  return at(name);
}

async function create(bundle: string, plan: string, ...more: string[]): Promise<LockstepRun> {
  return lockstep(
    ...['presign', 'create', '--plan', plan, '--out', at(bundle), '--keystore', f.keystore],
    ...['--keystore-passphrase-file', at('keystore-passphrase'), '--passphrase-file', at('passphrase')],
    ...(more.length > 0 ? more : ['--yes', '--json']),
  );
}

function expectNoSecrets(run: LockstepRun): void {
  for (const secret of [BUNDLE_PASSPHRASE, KEYSTORE_PASSPHRASE, f.key.slice(2)]) {
    expect(run.stdout + run.stderr).not.toContain(secret);
  }
}

describe('lockstep presign', () => {
  it(
    'create → verify → broadcast with a cast keystore, then verify reports the nonce consumed',
    async () => {
      const plan = await writePlan('plan.json');
      // Without a terminal and without --yes: what would be signed is shown, then nothing is signed.
      const unconfirmed = await create('unconfirmed.json', plan, '--json');
      expect(unconfirmed.code).toBe(1);
      expect(unconfirmed.stderr).toMatch(
        new RegExp(`You are about to sign 2 transaction\\(s\\) for vault-v2 as ${f.owner} \\(keystore .*owner\\)`),
      );
      expect(unconfirmed.stderr).toMatch(
        /ethereum \(chain 1\)\n {4}to {10}0x[0-9a-fA-F]{40}\n {4}call {8}upgradeToAndCall\(/,
      );
      expect(unconfirmed.stderr).toMatch(/arbitrum \(chain 42161\)[\s\S]*call {8}upgradeAndCall\(/);
      expect(unconfirmed.stderr).toMatch(/nonce 0, gas limit \d+, max fee [\d.]+ gwei, at most [\d.]+ ETH/);
      expect(unconfirmed.stderr).toContain(
        'error: refusing to sign without confirmation: stdin is not a terminal — read the description above and re-run with --yes',
      );
      expect(json(unconfirmed)).toMatchObject({ error: { name: 'NotConfirmedError' } });
      await expect(stat(at('unconfirmed.json'))).rejects.toMatchObject({ code: 'ENOENT' });

      const created = await create('bundle.json', plan);
      expect(created.code, created.stderr).toBe(0);
      expectNoSecrets(created);
      const result = json(created) as { step: string; signer: string; chains: Record<string, unknown>[] };
      expect(result).toMatchObject({ step: 'created', signer: f.owner, proposal: 'vault-v2' });
      expect(result.chains.map((c) => c.chainId)).toEqual([1, 42161]);
      expect(result.chains[0]).not.toHaveProperty('raw');
      expect((await stat(at('bundle.json'))).mode & 0o777).toBe(0o600);

      const verified = await lockstep('presign', 'verify', ...bundleFlags('bundle.json'), '--json');
      expect(verified.code, verified.stderr).toBe(0);
      expectNoSecrets(verified);
      const report = json(verified) as { ok: boolean; chains: { decoded: { call: { functionName: string } } }[] };
      expect(report.ok).toBe(true);
      expect(report.chains.map((c) => c.decoded.call.functionName)).toEqual(['upgradeToAndCall', 'upgradeAndCall']);
      expect(verified.stderr).toMatch(/ethereum \(1\): ready/);

      const human = await lockstep('presign', 'verify', ...bundleFlags('bundle.json'));
      expect(human.stdout).toMatch(/ethereum \(1\): READY[\s\S]*call\s+upgradeToAndCall\(0x/);

      const unsent = await lockstep('presign', 'broadcast', ...bundleFlags('bundle.json'));
      expect(unsent.code).toBe(1);
      expect(unsent.stderr).toMatch(
        /You are about to send 2 transaction\(s\) of .*bundle\.json \(vault-v2, signed by 0x/,
      );
      expect(unsent.stderr).toMatch(
        /ethereum \(chain 1\)[\s\S]*call {8}upgradeToAndCall\([\s\S]*hash {8}0x[0-9a-f]{64}/,
      );
      expect(unsent.stderr).toMatch(/error: refusing to send without confirmation: .* re-run with --yes/);
      expect(await f.implementationOf(f.ethereum)).not.toBe(f.ethereum.v2);

      const sent = await lockstep('presign', 'broadcast', ...bundleFlags('bundle.json'), '--yes', '--json');
      expect(sent.code, sent.stderr).toBe(0);
      expect((json(sent) as { chains: { status: string }[] }).chains.map((c) => c.status)).toEqual([
        'included',
        'included',
      ]);
      expect(await f.implementationOf(f.ethereum)).toBe(f.ethereum.v2);
      expect(await f.implementationOf(f.arbitrum)).toBe(f.arbitrum.v2);

      const after = await lockstep('presign', 'verify', ...bundleFlags('bundle.json'));
      expect(after.code).toBe(1);
      expect(after.stderr).toMatch(/ethereum: nonce \d+ is consumed .* create a new bundle/);
    },
    TIMEOUT,
  );

  it(
    'signs in two steps with a signer elsewhere (cast wallet sign --no-hash)',
    async () => {
      const plan = await writePlan('plan-external.json');
      const step1 = await lockstep(
        ...['presign', 'create', '--plan', plan, '--signer', f.owner, '--requests-out', at('requests.json'), '--json'],
      );
      expect(step1.code, step1.stderr).toBe(0);
      const { requests } = json(step1) as { requests: { digest: string }[] };
      const signatures = [];
      for (const { digest } of requests) {
        const { stdout } = await promisify(execFile)(nativeBinary('cast'), [
          ...['wallet', 'sign', '--no-hash', '--private-key', f.key, digest],
        ]);
        signatures.push({ digest, signature: stdout.trim() });
      }
      await writeFile(at('signatures.json'), JSON.stringify(signatures));
      const step2 = await lockstep(
        ...[
          'presign',
          'create',
          '--plan',
          plan,
          '--requests',
          at('requests.json'),
          '--signatures',
          at('signatures.json'),
        ],
        ...['--out', at('external.json'), '--passphrase-file', at('passphrase')],
      );
      expect(step2.code, step2.stderr).toBe(0);
      const verified = await lockstep('presign', 'verify', ...bundleFlags('external.json'), '--json');
      expect(verified.code, verified.stderr).toBe(0);
    },
    TIMEOUT,
  );

  describe('errors: a clear message, exit 1, secrets never printed', () => {
    beforeAll(async () => {
      const created = await create('errors.json', await writePlan('plan-errors.json'));
      expect(created.code, created.stderr).toBe(0);
    }, TIMEOUT);

    it('a wrong passphrase', async () => {
      await writeFile(at('wrong'), 'not the passphrase\n');
      const run = await lockstep(
        'presign',
        'verify',
        '--bundle',
        at('errors.json'),
        '--passphrase-file',
        at('wrong'),
        '--json',
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /error: wrong passphrase for bundle .*errors\.json — give the passphrase the bundle was created with/,
      );
      expect(run.stdout + run.stderr).not.toContain('not the passphrase');
      expect(json(run)).toMatchObject({ error: { name: 'PresignError' } });
    });

    it('a tampered byte', async () => {
      const text = await readFile(at('errors.json'), 'utf8');
      const i = Math.floor(text.length / 2);
      await writeFile(at('tampered.json'), text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1));
      const run = await lockstep('presign', 'broadcast', ...bundleFlags('tampered.json'));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /error: bundle .*tampered\.json was altered after it was written .* create the bundle again/,
      );
    });

    it('a chain not in the config (nothing sent)', async () => {
      const only = ['--config', at('only-ethereum.json')];
      const verify = await runLockstep(['presign', 'verify', ...bundleFlags('errors.json'), ...only], { cwd: f.dir });
      expect(verify.code).toBe(1);
      expect(verify.stderr).toMatch(/chain 42161 is not in the config .* add the network to the config/);
      const broadcast = await runLockstep(['presign', 'broadcast', ...bundleFlags('errors.json'), ...only], {
        cwd: f.dir,
      });
      expect(broadcast.code).toBe(1);
      expect(broadcast.stderr).toMatch(/error: chain 42161 is not in the config/);
    });

    it('a dead RPC: reported for its chain, the other chain still checked', async () => {
      const run = await lockstep(
        'presign',
        'verify',
        ...bundleFlags('errors.json'),
        '--rpc',
        'arbitrum=http://127.0.0.1:9',
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/networks\.arbitrum: RPC http:\/\/127\.0\.0\.1:9\/? did not answer .* start the node/);
      expect(run.stderr).toMatch(/ethereum \(1\): ready/);
    });

    it('an expired bundle', async () => {
      // Made as if in the past (core's clock parameter), so the test needs no waiting.
      const plan = presignPlanSchema.parse({ ...f.plan(1_000_000), expiresAt: 2_000_000 });
      const prepared = await prepareTransactions({
        networks: f.networks,
        rpcUrls: f.rpcUrls,
        plan,
        signer: f.owner,
        now: () => 1_500_000,
      });
      const signer = await keystoreSigner({
        path: f.keystore,
        passphrase: new Passphrase(KEYSTORE_PASSPHRASE, 'test'),
      });
      const bundle = await signBundle(plan, prepared, signer);
      await writeBundle({ path: at('expired.json'), bundle, passphrase: new Passphrase(BUNDLE_PASSPHRASE, 'test') });
      const run = await lockstep('presign', 'broadcast', ...bundleFlags('expired.json'));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /error: the bundle for vault-v2 expired at 1970-01-24T03:33:20.000Z — do not broadcast it; create a new bundle/,
      );
    });

    it('a malformed plan names its fields', async () => {
      await writeFile(
        at('bad-plan.json'),
        JSON.stringify({ proposal: 'x', notBefore: 10, expiresAt: 5, transactions: [] }),
      );
      const run = await create('never.json', at('bad-plan.json'));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/is not a presign plan[\s\S]*expiresAt: must be after notBefore/);
    });
  });
});
