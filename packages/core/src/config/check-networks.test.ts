import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { nativeBinary } from '@lockstep/toolchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainIdMismatchError, RpcError } from '../errors/rpc.js';
import { checkNetworks } from './check-networks.js';
import type { NetworkConfig } from './schema.js';

type Anvil = { chainId: number; rpcUrl: string; stop: () => void };

/**
 * Starts a real anvil on a free port. (`@lockstep/toolchain` has `startAnvils`, but its package
 * exports only `.`, which does not re-export it yet.)
 */
function startAnvil(chainId: number): Promise<Anvil> {
  const child = spawn(nativeBinary('anvil'), ['--port', '0', '--chain-id', String(chainId)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`anvil did not start: ${output}`));
    }, 15_000);
    child.once('exit', (code) => reject(new Error(`anvil exited (${code}): ${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /Listening on ([\d.]+):(\d+)/.exec(output);
      if (!listening) return;
      clearTimeout(timer);
      child.stdout.resume();
      resolve({ chainId, rpcUrl: `http://${listening[1]}:${listening[2]}`, stop: () => child.kill('SIGTERM') });
    });
    child.stderr.resume();
  });
}

let anvils: Anvil[] = [];
/** A TCP server that accepts connections and never answers: an RPC that hangs. */
let silent: Server;
let silentPort = 0;
const silentSockets = new Set<Socket>();

beforeAll(async () => {
  const started = await Promise.allSettled([startAnvil(1), startAnvil(42161)]);
  anvils = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  silent = createServer((socket) => {
    silentSockets.add(socket);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  silentPort = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  for (const anvil of anvils) anvil.stop();
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

function network(name: string, chainId: number, rpc: string): NetworkConfig {
  return {
    name,
    chainId,
    role: name === 'ethereum' ? 'hub' : 'satellite',
    rpc,
    finalityDepth: 0,
    deliveryMargin: 1800,
  };
}

function rpcOf(chainId: number): string {
  const anvil = anvils.find((a) => a.chainId === chainId);
  if (!anvil) throw new Error(`no anvil for chain ${chainId}`);
  return anvil.rpcUrl;
}

describe('checkNetworks', () => {
  it('passes when every RPC reports the configured chain id, and skips local networks', async () => {
    const checked = await checkNetworks({
      networks: [
        network('ethereum', 1, rpcOf(1)),
        network('arbitrum', 42161, rpcOf(42161)),
        { ...network('optimism', 10, ''), rpc: { local: true, blockTime: 2 } },
      ],
    });
    expect(checked.map((c) => [c.network, c.chainId])).toEqual([
      ['ethereum', 1],
      ['arbitrum', 42161],
    ]);
  });

  it('speaks WebSocket too', async () => {
    const checked = await checkNetworks({ networks: [network('ethereum', 1, rpcOf(1).replace('http', 'ws'))] });
    expect(checked[0]?.chainId).toBe(1);
  });

  it('throws ChainIdMismatchError when an RPC serves another chain', async () => {
    const url = rpcOf(1);
    const error = await checkNetworks({ networks: [network('arbitrum', 42161, url)] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainIdMismatchError);
    expect((error as ChainIdMismatchError).shortMessage).toMatch(
      new RegExp(`^networks\\.arbitrum: RPC ${url} reports chain id 1, the config says 42161 — `),
    );
    expect(error).toMatchObject({ network: 'arbitrum', expected: 42161, actual: 1 });
  });

  it('throws RpcError for a closed port, well within the timeout', async () => {
    const started = performance.now();
    const error = await checkNetworks(
      { networks: [network('ethereum', 1, 'http://127.0.0.1:1')] },
      { timeoutMs: 2000 },
    ).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).shortMessage).toMatch(
      /^networks\.ethereum: RPC http:\/\/127\.0\.0\.1:1 did not answer eth_chainId \(/,
    );
  });

  it('throws RpcError naming the timeout for an RPC that never answers', async () => {
    const started = performance.now();
    const url = `http://127.0.0.1:${silentPort}`;
    const error = await checkNetworks({ networks: [network('polygon', 137, url)] }, { timeoutMs: 500 }).catch(
      (e: unknown) => e,
    );
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(3000);
    expect((error as RpcError).shortMessage).toBe(
      `networks.polygon: RPC ${url} did not answer eth_chainId (no answer within 500 ms) — start the node, or fix the network's rpc URL`,
    );
  });

  it('reports the first failing network in config order', async () => {
    const error = await checkNetworks({
      networks: [
        network('ethereum', 1, rpcOf(1)),
        network('arbitrum', 10, rpcOf(42161)),
        network('polygon', 137, 'http://127.0.0.1:1'),
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainIdMismatchError);
    expect((error as ChainIdMismatchError).network).toBe('arbitrum');
  });
});
