/**
 * The relayer as its own OS process (`lockstep relay`), for the drills that kill it: it reads the
 * drill's deployment from its own root folder, asks the guardian nodes over HTTP, and logs one JSON
 * line per event on stderr.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCKSTEP_EXECUTABLE } from '@lockstep/cli/executable';
import type { DeploymentAddresses } from '@lockstep/core/deploy';
import { trackChild, untrackChild } from '../chains/child-registry.js';
import type { DrillChain } from '../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../setup/keys.js';

export type RelayerProcessParameters = {
  configFile: string;
  /** A folder of its own: the deployment file the relayer reads is written under it. */
  root: string;
  chains: readonly DrillChain[];
  addresses: DeploymentAddresses;
  guardianUrls: readonly string[];
  fromBlock: bigint;
};

export type RelayerProcess = {
  child: ChildProcess;
  /** Resolves on the first `delivered` log line. */
  firstDelivery: Promise<void>;
  exited: Promise<number | null>;
  /** Every log line so far. */
  lines: Record<string, unknown>[];
};

/** Writes `<root>/deployments/<hub>.json` the way `lockstep deploy` does. */
export async function writeRelayerDeployment(parameters: RelayerProcessParameters): Promise<void> {
  const hub = parameters.chains.find((chain) => chain.role === 'hub');
  if (!hub) throw new Error('no hub chain');
  await mkdir(join(parameters.root, 'deployments'), { recursive: true });
  const deployment = {
    network: hub.name,
    chainId: hub.chainId,
    rpcUrl: hub.rpcUrl,
    deployer: testAccount(KEY_INDEX.deployer).address,
    addresses: parameters.addresses,
  };
  await writeFile(join(parameters.root, 'deployments', `${hub.name}.json`), JSON.stringify(deployment));
}

export function spawnRelayer(parameters: RelayerProcessParameters): RelayerProcess {
  const args = [
    LOCKSTEP_EXECUTABLE,
    'relay',
    '--config',
    parameters.configFile,
    '--root',
    parameters.root,
    '--poll-interval',
    '100',
    '--from-block',
    String(parameters.fromBlock),
    ...parameters.chains.flatMap((chain) => ['--rpc', `${chain.name}=${chain.rpcUrl}`]),
    ...parameters.guardianUrls.flatMap((url) => ['--guardian-url', url]),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  trackChild(child.pid);
  child.once('exit', () => untrackChild(child.pid));
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  let onDelivered: () => void = () => {};
  const firstDelivery = new Promise<void>((resolve) => {
    onDelivered = resolve;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {
      try {
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        if (line.type === 'delivered' || line.event === 'delivered') onDelivered();
      } catch {
        lines.push({ text: part });
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, firstDelivery, exited, lines };
}

/** `kill -9`: no chance to clean up, exactly what the relayer must survive. */
export async function killRelayer(relayer: RelayerProcess): Promise<void> {
  if (relayer.child.exitCode !== null || relayer.child.signalCode !== null) return;
  relayer.child.kill('SIGKILL');
  await relayer.exited;
}

export async function stopRelayer(relayer: RelayerProcess): Promise<void> {
  if (relayer.child.exitCode !== null || relayer.child.signalCode !== null) return;
  relayer.child.kill('SIGTERM');
  const timer = setTimeout(() => relayer.child.kill('SIGKILL'), 5000);
  await relayer.exited;
  clearTimeout(timer);
}
