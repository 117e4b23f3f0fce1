/**
 * Test support for the CLI's tests (not exported from the package): runs the real `lockstep`
 * executable, and sets up the deployed systems the command tests run it against.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig, defaultConfigInput } from '@lockstep/core/config';
import { type DeploymentAddresses, deployAll, resolveDeployerKey } from '@lockstep/core/deploy';
import { findFreePortRange, startDevnet, stopDevnet } from '@lockstep/core/devnet';
import { afterAll, beforeAll, expect } from 'vitest';
// Test scaffolding shared with core's relay tests (anvils, deployAll).
import { type Fixture, NETWORKS, startFixture } from '../../core/src/relay/test-fixture.js';

/** The `lockstep` executable, as users run it. */
export const LOCKSTEP_BIN = fileURLToPath(new URL('../bin/lockstep.mjs', import.meta.url));
/** The first forge run in a clean tree compiles the deploy script. */
export const DEPLOY_TIMEOUT = 300_000;

export type LockstepRun = { code: number; stdout: string; stderr: string };

export type RunLockstepOptions = {
  cwd: string;
  /** Environment variables unset for the run (e.g. `LOCKSTEP_MNEMONIC`). */
  unset?: readonly string[];
  /** Environment variables set for the run (e.g. a key for `--key-env`). */
  env?: Readonly<Record<string, string>>;
};

/**
 * Runs the real `lockstep` executable in `cwd` to completion, with stdin closed (not a terminal)
 * and `NO_COLOR` set. `code` is the exit code, or 1 when a signal ended the process.
 */
export function runLockstep(
  args: readonly string[],
  { cwd, unset = [], env: more = {} }: RunLockstepOptions,
): Promise<LockstepRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...more, NO_COLOR: '1' };
  for (const name of unset) delete env[name];
  const child = spawn(process.execPath, [LOCKSTEP_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export type CouncilDevnet = {
  /** The devnet's folder: `lockstep` run here finds the devnet's RPCs. */
  cwd: string;
  rpcUrls: Record<string, string>;
  /** The hub's deployment. */
  addresses: DeploymentAddresses;
  stop(): Promise<void>;
};

/**
 * A devnet of ethereum (the hub) and arbitrum in a fresh temp folder named `prefix…`, with Lockstep
 * deployed from the default config (council = mnemonic indices 1-9).
 */
async function startCouncilDevnet(prefix: string): Promise<CouncilDevnet> {
  const cwd = await mkdtemp(join(tmpdir(), prefix));
  const stop = async () => {
    await stopDevnet({ cwd });
    await rm(cwd, { recursive: true, force: true });
  };
  try {
    const config = defaultConfig();
    // Fast blocks: the default's 12 s hub block time would make every transaction wait.
    config.networks = config.networks
      .filter((n) => n.name === 'ethereum' || n.name === 'arbitrum')
      .map((n) => ({ ...n, rpc: { local: true, blockTime: 0.2 } }));
    const devnet = await startDevnet(config, { cwd, basePort: await findFreePortRange(2) });
    const rpcUrls = Object.fromEntries(devnet.chains.map((c) => [c.name, c.rpcUrl]));
    if (!config.keys.deployer) throw new Error('the default config has a deployer key');
    const account = await resolveDeployerKey(config.keys.deployer, {}, { allowTestMnemonic: true });
    const [hub] = await deployAll({ config, account, rpcUrls });
    if (!hub) throw new Error('deployed on the hub');
    return { cwd, rpcUrls, addresses: hub.addresses, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts a council devnet (`startCouncilDevnet`) before the calling file's tests and stops it after
 * them. Inside the tests, `devnet()` is the running devnet, `lockstep(...args)` runs the
 * executable in its folder, and `signOffline` has members (config indices) sign a proposal offline
 * into `file` (`approve --yes --signatures-out`), each run expected to succeed.
 */
export function useCouncilDevnet(prefix: string): {
  devnet(): CouncilDevnet;
  lockstep(...args: string[]): Promise<LockstepRun>;
  signOffline(proposalId: string, members: readonly string[], file: string): Promise<void>;
} {
  let running: CouncilDevnet | undefined;
  beforeAll(async () => {
    running = await startCouncilDevnet(prefix);
  }, DEPLOY_TIMEOUT);
  afterAll(async () => {
    await running?.stop();
  });
  const devnet = () => {
    if (!running) throw new Error('the devnet starts in beforeAll: use it inside the tests');
    return running;
  };
  const lockstep = (...args: string[]) => runLockstep(args, { cwd: devnet().cwd });
  const signOffline = async (proposalId: string, members: readonly string[], file: string) => {
    for (const member of members) {
      const run = await lockstep(
        'approve',
        '--proposal',
        proposalId,
        '--member',
        member,
        '--yes',
        '--signatures-out',
        file,
      );
      expect(run.code, run.stderr).toBe(0);
    }
  };
  return { devnet, lockstep, signOffline };
}

export type CliRelayFixture = {
  /** Core's relay fixture: anvils of `NETWORKS` with Lockstep deployed. */
  fixture: Fixture;
  /** A fresh temp folder holding the config file. */
  dir: string;
  /** The default config restricted to `NETWORKS`, as a file. */
  configPath: string;
  /** `--rpc <name>=<url>` for every network of the fixture. */
  rpcArgs: string[];
  stop(): Promise<void>;
};

/** Core's relay fixture plus a config file for the CLI, in a fresh temp folder named `prefix…`. */
export async function startCliRelayFixture(prefix: string): Promise<CliRelayFixture> {
  const fixture = await startFixture();
  let dir: string | undefined;
  const stop = async () => {
    await fixture.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    dir = await mkdtemp(join(tmpdir(), prefix));
    const configPath = join(dir, 'lockstep.config.json');
    const input = structuredClone(defaultConfigInput);
    await writeFile(
      configPath,
      JSON.stringify({ ...input, networks: input.networks.filter((n) => NETWORKS.some((m) => m.name === n.name)) }),
    );
    const rpcArgs = NETWORKS.flatMap((n) => ['--rpc', `${n.name}=${fixture.rpcUrls[n.name]}`]);
    return { fixture, dir, configPath, rpcArgs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
