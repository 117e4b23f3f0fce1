import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultConfigInput, type LockstepConfig, parseConfig } from '@lockstep/core/config';
import { type DeploymentAddresses, deployAll, resolveDeployerKey } from '@lockstep/core/deploy';
import { advanceDevnet, type Devnet, findFreePortRange, startDevnet, stopDevnet } from '@lockstep/core/devnet';
import { createTestClient, type Hex, http, keccak256, toHex } from 'viem';

/** The `lockstep` executable, run as users run it. */
const LOCKSTEP_BIN = fileURLToPath(new URL('../../../cli/bin/lockstep.mjs', import.meta.url));
const NETWORKS = ['ethereum', 'arbitrum', 'optimism'] as const;

export type UpgradeDevnet = {
  /** The devnet's folder, holding its `lockstep.config.json`: the CLI runs here. */
  cwd: string;
  config: LockstepConfig;
  rpcUrls: Record<string, string>;
  addresses: DeploymentAddresses;
  /** Runs `lockstep <args> --json` here; resolves with its JSON output, rejects with its stderr. */
  lockstep(...args: string[]): Promise<Record<string, unknown>>;
  /** Moves every chain `seconds` ahead on one clock; returns the new time. */
  advance(seconds: number): Promise<number>;
  /** Stops block production on `network` (its anvil stays up and answers). */
  halt(network: string): Promise<void>;
  stop(): Promise<void>;
};

/**
 * A devnet of ethereum (hub), arbitrum and optimism with 1 s blocks in a fresh temp folder, Lockstep
 * and the example vault deployed from the default config, and a config file naming those networks.
 */
export async function startUpgradeDevnet(prefix: string): Promise<UpgradeDevnet> {
  const cwd = await mkdtemp(join(tmpdir(), prefix));
  const stop = async () => {
    await stopDevnet({ cwd });
    await rm(cwd, { recursive: true, force: true });
  };
  try {
    const input = structuredClone(defaultConfigInput) as unknown as { networks: { name: string; rpc: unknown }[] };
    input.networks = input.networks
      .filter((n) => (NETWORKS as readonly string[]).includes(n.name))
      .map((n) => ({ ...n, rpc: { local: true, blockTime: 1 } }));
    await writeFile(join(cwd, 'lockstep.config.json'), JSON.stringify(input));
    const config = parseConfig(input);
    const devnet: Devnet = await startDevnet(config, { cwd, basePort: await findFreePortRange(NETWORKS.length) });
    const rpcUrls = Object.fromEntries(devnet.chains.map((c) => [c.name, c.rpcUrl]));
    if (!config.keys.deployer) throw new Error('the default config has a deployer key');
    const account = await resolveDeployerKey(config.keys.deployer, {}, { allowTestMnemonic: true });
    const [hub] = await deployAll({ config, account, rpcUrls });
    if (!hub) throw new Error('deployed nothing on the hub');
    return {
      cwd,
      config,
      rpcUrls,
      addresses: hub.addresses,
      lockstep: (...args) => runLockstepJson(cwd, args),
      advance: async (seconds) => Number((await advanceDevnet(devnet, seconds)).timestamp),
      halt: async (network) => {
        const url = rpcUrls[network];
        if (!url) throw new Error(`no devnet chain named ${network}`);
        await createTestClient({ mode: 'anvil', transport: http(url) }).setIntervalMining({ interval: 0 });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function runLockstepJson(cwd: string, args: readonly string[]): Promise<Record<string, unknown>> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [LOCKSTEP_BIN, ...args, '--json'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`lockstep ${args.join(' ')} failed: ${stderr || String(error)}`);
  }
}

/** Proposes the example vault's upgrade to V2 on every chain (council member 0); returns the proposal id. */
export async function proposeVaultUpgrade(devnet: UpgradeDevnet): Promise<Hex> {
  const actions = join(devnet.cwd, 'actions.json');
  const { vault, vaultV2 } = devnet.addresses;
  await writeFile(
    actions,
    JSON.stringify(NETWORKS.map((network) => ({ network, proxy: vault, implementation: vaultV2 }))),
  );
  const proposed = await devnet.lockstep(
    'propose',
    '--actions',
    actions,
    '--audit-hash',
    keccak256(toHex('vault-v2 audit')),
    '--member',
    '0',
  );
  return proposed.proposalId as Hex;
}
