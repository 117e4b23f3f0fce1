import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { governanceHubAbi } from '@lockstep/client';
import { defaultConfigInput, parseConfig, resolveKey } from '@lockstep/core/config';
import { adapterAddress, deployAll, resolveDeployerKey } from '@lockstep/core/deploy';
import {
  type AttestationResponse,
  decodeMessage,
  guardianStorePath,
  type LockstepMessage,
  recoverAttestationSigner,
} from '@lockstep/core/guardian';
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { type Address, createPublicClient, createTestClient, type Hex, http, keccak256, parseEventLogs } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAsTimelock } from '../../../core/src/relay/test-fixture.js';
import { LOCKSTEP_BIN as BIN, DEPLOY_TIMEOUT } from '../test-support.js';

const FINALITY_DEPTH = 3;

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];
type LogLine = { event: string; level: string; [key: string]: unknown };

let anvils: Anvil[] = [];
let hubUrl: string;
let dir: string;
let configFile: string;
let addresses: {
  hub: Address;
  guardianAdapter: Address;
  timelock: Address;
  vault: Address;
  vaultV1: Address;
  vaultV2: Address;
};
let guardianAddress: Address;
const children: ChildProcess[] = [];

beforeAll(async () => {
  anvils = await startAnvils([
    { name: 'ethereum', chainId: 1 },
    { name: 'arbitrum', chainId: 42161 },
  ]);
  hubUrl = anvils[0]?.rpcUrl ?? '';
  dir = await mkdtemp(join(tmpdir(), 'cli-guardian-'));
  const input = {
    ...structuredClone(defaultConfigInput),
    networks: defaultConfigInput.networks
      .filter((n) => n.name === 'ethereum' || n.name === 'arbitrum')
      .map((n) => (n.role === 'hub' ? { ...n, finalityDepth: FINALITY_DEPTH } : n)),
  };
  configFile = join(dir, 'lockstep.config.json');
  await writeFile(configFile, JSON.stringify(input));
  const config = parseConfig(input);
  const deployerSource = config.keys.deployer;
  const guardianSource = config.keys.guardians?.[0];
  if (!deployerSource || !guardianSource) throw new Error('the default config has deployer and guardian keys');
  guardianAddress = (await resolveKey(guardianSource, {}, { allowTestMnemonic: true })).address;
  const deployer = await resolveDeployerKey(deployerSource, {}, { allowTestMnemonic: true });
  const [hub] = await deployAll({
    config,
    account: deployer,
    rpcUrls: { ethereum: hubUrl, arbitrum: anvils[1]?.rpcUrl ?? '' },
  });
  const a = hub?.addresses;
  if (!a?.hub || !a.timelock || !a.vault || !a.vaultV1 || !a.vaultV2) {
    throw new Error('the hub deployment has hub and vault');
  }
  addresses = {
    hub: a.hub,
    guardianAdapter: adapterAddress(a, 'guardian'),
    timelock: a.timelock,
    vault: a.vault,
    vaultV1: a.vaultV1,
    vaultV2: a.vaultV2,
  };
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await stopAnvils(anvils);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Test scaffolding only: the impersonated timelock makes the hub dispatch an upgrade to arbitrum. */
async function dispatchUpgrade(proposal: string): Promise<{ message: LockstepMessage; id: Hex }> {
  const code = await createPublicClient({ transport: http(hubUrl) }).getCode({ address: addresses.vaultV2 });
  const receipt = await dispatchAsTimelock({
    rpcUrl: hubUrl,
    hub: addresses.hub,
    timelock: addresses.timelock,
    proposalId: keccak256(Buffer.from(proposal)),
    actions: [
      {
        chainId: 42161n,
        proxy: addresses.vault,
        previousImplementation: addresses.vaultV1,
        implementation: addresses.vaultV2,
        codehash: keccak256(code ?? '0x'),
        data: '0x',
      },
    ],
  });
  const [log] = parseEventLogs({ abi: governanceHubAbi, eventName: 'MessageDispatched', logs: receipt.logs });
  if (!log) throw new Error('no MessageDispatched');
  return { message: decodeMessage(log.args.message), id: log.args.messageId };
}

type Guardian = {
  child: ChildProcess;
  url: string;
  lines: LogLine[];
  started: LogLine;
  exited: Promise<number | null>;
};

/** Starts `lockstep guardian --index 0` as its own process and resolves on its "started" log line. */
async function startGuardian(): Promise<Guardian> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'guardian',
      '--index',
      '0',
      '--port',
      '0',
      '--config',
      configFile,
      '--rpc',
      hubUrl,
      '--store-dir',
      join(dir, 'store'),
      '--poll-interval',
      '100',
      '--hub',
      addresses.hub,
      '--adapter',
      addresses.guardianAdapter,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines: LogLine[] = [];
  let buffer = '';
  let stderr = '';
  const started = await new Promise<LogLine>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`guardian did not start:\n${stderr}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const part of parts) {
        const line = JSON.parse(part) as LogLine;
        lines.push(line);
        if (line.event === 'started') {
          clearTimeout(timer);
          resolve(line);
        }
      }
    });
    void exited.then((code) => reject(new Error(`guardian exited (${code}) before starting:\n${stderr}`)));
  });
  return { child, url: String(started.url), lines, started, exited };
}

async function attestation(url: string, id: Hex): Promise<AttestationResponse | undefined> {
  const response = await fetch(`${url}/attestations/${id}`);
  if (response.status === 404) return undefined;
  expect(response.status).toBe(200);
  return (await response.json()) as AttestationResponse;
}

async function waitForAttestation(url: string, id: Hex): Promise<AttestationResponse> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const found = await attestation(url, id);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no attestation for ${id} at ${url}`);
}

async function mine(blocks: number): Promise<void> {
  await createTestClient({ mode: 'anvil', transport: http(hubUrl) }).mine({ blocks });
}

describe('lockstep guardian', () => {
  it('signs final messages as its own process, survives SIGKILL, resumes from its cursor, and stops on SIGTERM', async () => {
    const first = await startGuardian();
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.started).toMatchObject({ guardian: guardianAddress, cursor: '0', signed: 0 });

    const one = await dispatchUpgrade('process-one');
    await new Promise((resolve) => setTimeout(resolve, 500)); // several polls: not final yet
    expect(await attestation(first.url, one.id)).toBeUndefined();
    await mine(FINALITY_DEPTH);
    const signedOne = await waitForAttestation(first.url, one.id);
    expect(signedOne).toMatchObject({ messageId: one.id, dstChainId: 42161, guardian: guardianAddress });
    expect(
      await recoverAttestationSigner({
        message: one.message,
        adapter: addresses.guardianAdapter,
        signature: signedOne.signature,
      }),
    ).toBe(guardianAddress);
    expect(first.lines.filter((l) => l.event === 'signed').map((l) => l.messageId)).toEqual([one.id]);

    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const store = JSON.parse(
      await readFile(
        guardianStorePath(join(dir, 'store'), { hubChainId: 1, hub: addresses.hub }, guardianAddress),
        'utf8',
      ),
    ) as {
      cursor: string;
    };
    expect(BigInt(store.cursor)).toBeGreaterThan(0n);

    const second = await startGuardian();
    expect(second.started).toMatchObject({ guardian: guardianAddress, signed: 1 });
    expect(BigInt(String(second.started.cursor))).toBeGreaterThanOrEqual(BigInt(store.cursor));
    expect(await attestation(second.url, one.id)).toEqual(signedOne);

    const two = await dispatchUpgrade('process-two');
    await mine(FINALITY_DEPTH);
    const signedTwo = await waitForAttestation(second.url, two.id);
    expect(
      await recoverAttestationSigner({
        message: two.message,
        adapter: addresses.guardianAdapter,
        signature: signedTwo.signature,
      }),
    ).toBe(guardianAddress);
    // Resumed from the cursor: the first message is served from the store, never signed again.
    expect(second.lines.filter((l) => l.event === 'signed').map((l) => l.messageId)).toEqual([two.id]);
    const health = await (await fetch(`${second.url}/health`)).json();
    expect(health).toMatchObject({ guardian: guardianAddress, signed: 2 });

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.lines.map((l) => l.event)).toContain('stopped');
  });

  it('refuses an unknown guardian index with exit code 2', async () => {
    const child = spawn(process.execPath, [BIN, 'guardian', '--index', '99', '--config', configFile, '--rpc', hubUrl], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/--index 99: the config has 15 guardian key sources/);
  });
});
