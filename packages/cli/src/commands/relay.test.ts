import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guardianAdapterAbi } from '@lockstep/client';
import { readHubMessageState } from '@lockstep/core/ack';
import { defaultConfigInput, resolveKey } from '@lockstep/core/config';
import { advanceTime } from '@lockstep/core/devnet';
import { readMessageState, scanDispatched } from '@lockstep/core/relay';
import { type Address, createPublicClient, createTestClient, http, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test scaffolding shared with core's relay tests (anvils, deployAll, a dispatch as the timelock).
import {
  dispatchVaultUpgrade,
  type Fixture,
  NETWORKS,
  nonceOf,
  startFixture,
} from '../../../core/src/relay/test-fixture.js';

const BIN = fileURLToPath(new URL('../../bin/lockstep.mjs', import.meta.url));

let fixture: Fixture;
let dir: string;
let configPath: string;
let reporter: Address;

beforeAll(async () => {
  fixture = await startFixture();
  dir = await mkdtemp(join(tmpdir(), 'relayer-cli-'));
  configPath = join(dir, 'lockstep.config.json');
  const input = structuredClone(defaultConfigInput);
  await writeFile(
    configPath,
    JSON.stringify({ ...input, networks: input.networks.filter((n) => NETWORKS.some((m) => m.name === n.name)) }),
  );
  // The config's keys.reporter (mnemonic index 26): anvil funds only the first 10 accounts.
  const source = fixture.config.keys.reporter;
  if (!source) throw new Error('the default config names a reporter key');
  reporter = (await resolveKey(source, {}, { allowTestMnemonic: true })).address;
  await createTestClient({ mode: 'anvil', transport: http(fixture.rpcUrls.ethereum) }).setBalance({
    address: reporter,
    value: parseEther('10'),
  });
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `lockstep` to completion in the test folder. */
async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

function rpcArgs(): string[] {
  return NETWORKS.flatMap((n) => ['--rpc', `${n.name}=${fixture.rpcUrls[n.name]}`]);
}

function relayArgs(): string[] {
  return [
    BIN,
    'relay',
    '--config',
    configPath,
    '--local-guardians',
    '--poll-interval',
    '200',
    ...NETWORKS.flatMap((n) => ['--rpc', `${n.name}=${fixture.rpcUrls[n.name]}`]),
  ];
}

describe('lockstep relay', () => {
  it('SIGKILLed right after its first delivery and restarted, delivers every message exactly once', async () => {
    await dispatchVaultUpgrade(fixture, 'cli-1');
    await dispatchVaultUpgrade(fixture, 'cli-2');
    const before = await Promise.all(NETWORKS.map((n) => nonceOf(fixture.rpcUrls[n.name], fixture.relayer.address)));

    const child = spawn(process.execPath, relayArgs(), { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    let log = '';
    const killed = new Promise<string | null>((resolve) => {
      child.once('exit', (_code, signal) => resolve(signal));
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString('utf8');
        if (/"type": "delivered"/.test(log)) child.kill('SIGKILL');
      });
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    expect(await killed).toBe('SIGKILL');
    clearTimeout(timer);
    expect(log).toMatch(/"type": "delivered"/);

    const restart = spawn(process.execPath, [...relayArgs(), '--once', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir,
    });
    let stdout = '';
    let stderr = '';
    restart.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    restart.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => restart.once('exit', resolve));
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as {
      delivered: unknown[];
      skipped: unknown[];
      failed: unknown[];
      acknowledged: { outcome: string; hubState: string }[];
    };
    expect(result.failed).toEqual([]);
    expect(stderr).toContain(`"type": "reporter", "reporter": "${reporter}"`);
    // keys.reporter acknowledged every delivery on the hub (the killed run may have done some).
    expect(result.acknowledged).toHaveLength(6);
    for (const report of result.acknowledged) {
      expect(['marked', 'up-to-date']).toContain(report.outcome);
      expect(report.hubState).toBe('Queued');
    }

    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    const hubClient = createPublicClient({ transport: http(fixture.rpcUrls.ethereum) });
    const { messages } = await scanDispatched({ client: hubClient, hub });
    expect(messages).toHaveLength(6);
    for (const message of messages) {
      const network = NETWORKS.find((n) => n.chainId === message.dstChainId);
      const client = createPublicClient({ transport: http(fixture.rpcUrls[network?.name ?? '']) });
      expect((await readMessageState(client, fixture.addresses.receiver, message.messageId)).status).toBe('Queued');
      const forwarded = await client.getContractEvents({
        address: fixture.addresses.guardianAdapter,
        abi: guardianAdapterAbi,
        eventName: 'MessageForwarded',
        args: { messageId: message.messageId },
        fromBlock: 0n,
      });
      expect(forwarded).toHaveLength(1);
    }
    // Exactly one deliver transaction per message: two messages per chain, nothing wasted.
    const after = await Promise.all(NETWORKS.map((n) => nonceOf(fixture.rpcUrls[n.name], fixture.relayer.address)));
    expect(after.map((n, i) => n - (before[i] ?? 0))).toEqual([2, 2, 2]);
    for (const message of messages) {
      expect((await readHubMessageState(hubClient, hub, message.messageId)).state).toBe('Queued');
    }
  }, 120_000);

  it('execute-ready executes what is due and acknowledges Executed on the hub with keys.reporter', async () => {
    const hub = fixture.addresses.hub;
    if (!hub) throw new Error('no hub');
    // Activation: delivery margin (30 min) + minDelay (1 h) after dispatch.
    await Promise.all(NETWORKS.map((n) => advanceTime(fixture.rpcUrls[n.name] ?? '', 5400 + 60)));
    const { code, stdout, stderr } = await run(['execute-ready', '--config', configPath, '--json', ...rpcArgs()]);
    expect(code, stdout + stderr).toBe(0);
    const reports = JSON.parse(stdout) as { status: string; acknowledgement?: { outcome: string; hubState: string } }[];
    // The two upgrades of the test before, on three chains; the second one finds the vault already at V2.
    expect(reports).toHaveLength(6);
    for (const report of reports.filter((r) => r.status === 'executed')) {
      expect(report.acknowledgement).toMatchObject({ outcome: 'marked', hubState: 'Executed' });
    }
    const hubClient = createPublicClient({ transport: http(fixture.rpcUrls.ethereum) });
    const { messages } = await scanDispatched({ client: hubClient, hub });
    for (const message of messages) {
      const report = reports.find((r) => 'messageId' in r && r.messageId === message.messageId);
      const expected = report?.status === 'executed' ? 'Executed' : 'Queued';
      expect((await readHubMessageState(hubClient, hub, message.messageId)).state).toBe(expected);
    }
  }, 120_000);
});
