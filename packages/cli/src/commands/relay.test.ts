import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guardianAdapterAbi } from '@lockstep/client';
import { defaultConfigInput } from '@lockstep/core/config';
import { readMessageState, scanDispatched } from '@lockstep/core/relay';
import { createPublicClient, http } from 'viem';
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

beforeAll(async () => {
  fixture = await startFixture();
  dir = await mkdtemp(join(tmpdir(), 'relayer-cli-'));
  configPath = join(dir, 'lockstep.config.json');
  const input = structuredClone(defaultConfigInput);
  await writeFile(
    configPath,
    JSON.stringify({ ...input, networks: input.networks.filter((n) => NETWORKS.some((m) => m.name === n.name)) }),
  );
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

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
    const result = JSON.parse(stdout) as { delivered: unknown[]; skipped: unknown[]; failed: unknown[] };
    expect(result.failed).toEqual([]);

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
  }, 120_000);
});
