import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigInput } from '@lockstep/core/config';
import { adapterAddress, type DeploymentAddresses } from '@lockstep/core/deploy';
import { findFreePortRange, readDevnet, stopDevnet } from '@lockstep/core/devnet';
import { startAnvil } from '@lockstep/toolchain';
import { type Address, createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_TIMEOUT, runLockstep } from '../test-support.js';

/** Runs the real `lockstep` executable in the test folder (where the devnet's state file is). */
const lockstep = (...args: string[]) => runLockstep(args, { cwd, unset: ['LOCKSTEP_MNEMONIC'] });

type DeployResult = {
  deployer: Address;
  networks: { network: string; chainId: number; status: string; addresses: DeploymentAddresses; file: string }[];
};

// The relay fixture's three networks: the same config gives the same CREATE2 addresses, so the
// deployments/ files this test writes in the repository agree with what parallel tests read there.
const NAMES = ['ethereum', 'arbitrum', 'optimism'];

let cwd: string;
let configPath: string;
let rpcUrls: Record<string, string>;
let strayAnvil: Awaited<ReturnType<typeof startAnvil>> | undefined;
/** The deployer, as the first deploy reports it. */
let deployer: Address;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'cli-deploy-'));
  configPath = join(cwd, 'lockstep.config.json');
  const input = structuredClone(defaultConfigInput);
  // Fast blocks: forge waits for each receipt (--slow); block times do not enter the addresses.
  const networks = input.networks
    .filter((n) => NAMES.includes(n.name))
    .map((n) => ({ ...n, rpc: { local: true, blockTime: 0.2 } }));
  await writeFile(configPath, JSON.stringify({ ...input, networks }));
  const basePort = await findFreePortRange(NAMES.length);
  const up = await lockstep('devnet', 'up', '--config', configPath, '--base-port', String(basePort));
  expect(up.code, up.stderr).toBe(0);
  const devnet = await readDevnet({ cwd });
  rpcUrls = Object.fromEntries((devnet?.chains ?? []).map((c) => [c.name, c.rpcUrl]));
}, 60_000);

afterAll(async () => {
  await strayAnvil?.stop();
  if (cwd) {
    await stopDevnet({ cwd });
    await rm(cwd, { recursive: true, force: true });
  }
});

const client = (name: string) => createPublicClient({ transport: http(rpcUrls[name]) });

describe('lockstep deploy', () => {
  it(
    'deploys on the named networks (devnet RPCs), at the same addresses, and writes deployments/',
    async () => {
      const run = await lockstep('deploy', '--config', configPath, '--network', 'ethereum,arbitrum', '--json');
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as DeployResult;
      deployer = result.deployer;
      expect(result.networks.map((n) => [n.network, n.chainId, n.status])).toEqual([
        ['ethereum', 1, 'deployed'],
        ['arbitrum', 42161, 'deployed'],
      ]);
      expect(run.stderr).toContain(`ethereum: checking ${rpcUrls.ethereum}`);
      expect(run.stderr).toMatch(/✓ ethereum \(chain 1\): deployed in [\d.]+ s/);
      expect(run.stderr).toMatch(/✓ arbitrum \(chain 42161\): deployed in [\d.]+ s/);
      const [hub, satellite] = result.networks;
      if (!hub || !satellite) throw new Error('two networks expected');
      expect(satellite.addresses.receiver).toBe(hub.addresses.receiver);
      expect(adapterAddress(satellite.addresses, 'guardian')).toBe(adapterAddress(hub.addresses, 'guardian'));
      expect(hub.addresses.hub).toBeDefined();
      expect(satellite.addresses.hub).toBeUndefined();
      for (const entry of result.networks) {
        const file = JSON.parse(await readFile(entry.file, 'utf8')) as { chainId: number; addresses: unknown };
        expect(file).toMatchObject({ chainId: entry.chainId, addresses: entry.addresses });
        const code = await client(entry.network).getCode({ address: entry.addresses.receiver as Address });
        expect(code?.length ?? 0).toBeGreaterThan(2);
      }
      // Not asked for: optimism has nothing yet.
      expect(await client('optimism').getCode({ address: hub.addresses.receiver as Address })).toBeUndefined();
    },
    DEPLOY_TIMEOUT,
  );

  it(
    'a re-run over every network finds what exists, says so per network, and deploys the rest',
    async () => {
      const run = await lockstep('deploy', '--config', configPath);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('✓ ethereum (chain 1): already deployed, nothing sent');
      expect(run.stderr).toContain('✓ arbitrum (chain 42161): already deployed, nothing sent');
      expect(run.stderr).toMatch(/✓ optimism \(chain 10\): deployed in [\d.]+ s/);
      const rows = run.stdout.trim().split('\n').slice(1);
      expect(rows.map((row) => row.split(/\s+/).slice(0, 3))).toEqual([
        ['ethereum', '1', 'existing'],
        ['arbitrum', '42161', 'existing'],
        ['optimism', '10', 'deployed'],
      ]);

      const nonces = () => Promise.all(NAMES.map((name) => client(name).getTransactionCount({ address: deployer })));
      const before = await nonces();
      const again = await lockstep('deploy', '--config', configPath, '--json');
      expect(again.code, again.stderr).toBe(0);
      const result = JSON.parse(again.stdout) as DeployResult;
      expect(result.networks.map((n) => n.status)).toEqual(['existing', 'existing', 'existing']);
      expect(await nonces()).toEqual(before);
    },
    DEPLOY_TIMEOUT,
  );

  it('a dead RPC URL fails, naming the network and the URL (exit 1)', async () => {
    const run = await lockstep('deploy', '--config', configPath, '--rpc', 'arbitrum=http://127.0.0.1:1', '--json');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: networks.arbitrum: RPC http://127.0.0.1:1 did not answer eth_chainId');
    const { error } = JSON.parse(run.stdout) as { error: { name: string; exitCode: number } };
    expect(error).toMatchObject({ name: 'RpcError', exitCode: 1 });
  });

  it('an RPC of another chain fails, naming the network, the URL and both chain ids (exit 1)', async () => {
    strayAnvil = await startAnvil({ name: 'stray', chainId: 5 });
    const url = strayAnvil.rpcUrl;
    const run = await lockstep('deploy', '--config', configPath, '--network', 'optimism', '--rpc', `optimism=${url}`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: networks.optimism: RPC ${url} reports chain id 5, the config says 10`);
  });

  it('an unknown --network (or --rpc name) is a usage error: exit 2 with the usage', async () => {
    const run = await lockstep('deploy', '--config', configPath, '--network', 'ethereum', '--network', 'nowhere');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: unknown network "nowhere" — the config has: ethereum, arbitrum, optimism');
    expect(run.stderr).toContain('usage: lockstep deploy [flags]');
    const rpc = await lockstep('deploy', '--config', configPath, '--rpc', 'nowhere=http://127.0.0.1:1');
    expect(rpc.code).toBe(2);
    expect(rpc.stderr).toContain('usage: lockstep deploy [flags]');
  });

  it('refuses the public test mnemonic when a network is not local (exit 1, nothing sent)', async () => {
    const input = structuredClone(defaultConfigInput);
    const networks = input.networks
      .filter((n) => NAMES.includes(n.name))
      .map((n) => ({ ...n, rpc: rpcUrls[n.name] ?? '' }));
    const remote = join(cwd, 'remote.config.json');
    await writeFile(remote, JSON.stringify({ ...input, networks }));
    const run = await lockstep('deploy', '--config', remote);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the public test mnemonic is used only when every network is local');
  });
});
