/**
 * The drill's guardian set: one real guardian node per guardian key, each with its own key, store
 * and HTTP server on 127.0.0.1. `process` mode runs each as its own `lockstep guardian` OS process
 * (what production looks like; a kill is `kill -9`); `in-process` mode runs the same node code in
 * the drill's process (what the benchmarks use: 15 Node processes cost a 2-core machine seconds).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { LOCKSTEP_EXECUTABLE } from '@lockstep/cli/executable';
import type { LockstepConfig } from '@lockstep/core/config';
import { createGuardianNode, type GuardianNode } from '@lockstep/core/guardian';
import { type AttestationRequest, httpAttestationSource } from '@lockstep/core/relay';
import type { Address, Hex } from 'viem';
import { trackChild, untrackChild } from '../chains/child-registry.js';
import { guardianIndex, testAccount } from '../setup/keys.js';

export type GuardianMode = 'in-process' | 'process';

export type GuardianPoolParameters = {
  mode: GuardianMode;
  config: LockstepConfig;
  /** Written config file the `lockstep guardian` processes load (process mode). */
  configFile: string;
  hubRpcUrl: string;
  addresses: { hub: Address; guardianAdapter: Address };
  /** How many guardians run (the first `count` of the set); the rest never start. */
  count: number;
  storeDir: string;
  /** Test-mnemonic index of guardian `i`. Default: the deployed set's (`guardianIndex`); in-process mode only otherwise. */
  keyIndex?: (i: number) => number;
  /** First hub block a node scans: a guardian that joins later attests only what is dispatched after. Default 0. */
  fromBlock?: bigint;
};

type Member = {
  index: number;
  address: Address;
  url?: string;
  node?: GuardianNode;
  child?: ChildProcess;
};

export class GuardianPool {
  private readonly members: Member[];
  private readonly parameters: GuardianPoolParameters;
  private readonly keyIndex: (i: number) => number;

  constructor(parameters: GuardianPoolParameters) {
    if (parameters.keyIndex && parameters.mode === 'process') {
      throw new Error('guardian processes load the config file’s guardian keys: another key set runs in-process only');
    }
    this.parameters = parameters;
    this.keyIndex = parameters.keyIndex ?? guardianIndex;
    this.members = Array.from({ length: parameters.count }, (_, index) => ({
      index,
      address: testAccount(this.keyIndex(index)).address,
    }));
  }

  /** URLs of every guardian that ever ran (a dead one refuses connections: the relayer skips it). */
  get urls(): string[] {
    return this.members.flatMap((member) => (member.url ? [member.url] : []));
  }

  /** The guardians' addresses, in set order. */
  get addresses(): Address[] {
    return this.members.map((member) => member.address);
  }

  get running(): number {
    return this.members.filter((member) => member.node || member.child).length;
  }

  async startAll(): Promise<void> {
    await Promise.all(this.members.map((member) => this.start(member)));
  }

  /** Stops the first `count` running guardians (kill -9 in process mode). Returns their addresses. */
  async kill(count: number): Promise<Address[]> {
    const victims = this.members.filter((member) => member.node || member.child).slice(0, count);
    await Promise.all(
      victims.map(async (member) => {
        if (member.node) await member.node.stop();
        if (member.child) {
          const exited = new Promise((resolve) => member.child?.once('exit', resolve));
          member.child.kill('SIGKILL');
          await exited;
        }
        member.node = undefined;
        member.child = undefined;
      }),
    );
    return victims.map((member) => member.address);
  }

  /** Restarts every stopped guardian on its old port, from its own store. */
  async restartAll(): Promise<void> {
    await Promise.all(this.members.filter((m) => !m.node && !m.child).map((member) => this.start(member)));
  }

  /** In-process mode: every running node scans the hub now. Process mode: no-op (they poll). */
  async pollAll(): Promise<void> {
    await Promise.all(this.members.map((member) => member.node?.poll()));
  }

  /**
   * How many running guardians have signed each of `messages` (in order), for its destination:
   * each guardian is asked once for all of them (`httpAttestationSource(...).fetchMany`); a
   * guardian that does not answer counts as not signed.
   */
  async signedCounts(messages: readonly AttestationRequest[]): Promise<number[]> {
    if (messages.length === 0) return [];
    const running = this.members.flatMap((member) => (member.url && (member.node || member.child) ? [member.url] : []));
    const published = (await httpAttestationSource(running).fetchMany?.(messages)) ?? new Map();
    return messages.map((m) => published.get(m.messageId.toLowerCase() as Hex)?.length ?? 0);
  }

  async stopAll(): Promise<void> {
    await this.kill(this.members.length);
  }

  private async start(member: Member): Promise<void> {
    const port = member.url ? Number(new URL(member.url).port) : 0;
    if (this.parameters.mode === 'in-process') {
      member.node = await createGuardianNode({
        config: this.parameters.config,
        account: testAccount(this.keyIndex(member.index)),
        hubRpcUrl: this.parameters.hubRpcUrl,
        addresses: this.parameters.addresses,
        port,
        pollIntervalMs: 3_600_000, // the drill polls explicitly, in step with its clock
        storeDir: this.parameters.storeDir,
        ...(this.parameters.fromBlock === undefined ? {} : { fromBlock: this.parameters.fromBlock }),
      });
      member.url = member.node.url;
      return;
    }
    const { child, url } = await spawnGuardian(this.parameters, member.index, port);
    trackChild(child.pid);
    child.once('exit', () => untrackChild(child.pid));
    member.child = child;
    member.url = url;
  }
}

async function spawnGuardian(
  parameters: GuardianPoolParameters,
  index: number,
  port: number,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      LOCKSTEP_EXECUTABLE,
      'guardian',
      '--index',
      String(index),
      '--port',
      String(port),
      '--config',
      parameters.configFile,
      '--rpc',
      parameters.hubRpcUrl,
      '--store-dir',
      parameters.storeDir,
      '--poll-interval',
      '100',
      '--hub',
      parameters.addresses.hub,
      '--adapter',
      parameters.addresses.guardianAdapter,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`guardian ${index} did not start in 60 s:\n${stderr}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`guardian ${index} exited (${code}) before starting:\n${stderr}`));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of stderr.split('\n')) {
        const parsed = parseLine(line);
        if (parsed?.event === 'started' && typeof parsed.url === 'string') {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      }
    });
  });
  child.removeAllListeners('exit');
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return { child, url };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
