import { resolveKey } from '@lockstep/core/config';
import { adapterAddress } from '@lockstep/core/deploy';
import { createRelayer, localAttestationSource } from '@lockstep/core/relay';
import { createPublicClient, createTestClient, http, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test scaffolding shared with core's relay tests (anvils, deployAll).
import { NETWORKS } from '../../../core/src/relay/test-fixture.js';
import { type CliRelayFixture, DEPLOY_TIMEOUT, runLockstep, startCliRelayFixture } from '../test-support.js';

let cli: CliRelayFixture;

beforeAll(async () => {
  cli = await startCliRelayFixture('canary-cli-');
  // The config's keys.reporter (mnemonic index 26): anvil funds only the first 10 accounts.
  const source = cli.fixture.config.keys.reporter;
  if (!source) throw new Error('the default config names a reporter key');
  const reporter = await resolveKey(source, {}, { allowTestMnemonic: true });
  await createTestClient({ mode: 'anvil', transport: http(cli.fixture.rpcUrls.ethereum) }).setBalance({
    address: reporter.address,
    value: parseEther('10'),
  });
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await cli?.stop();
});

function canaryArgs(...more: string[]): string[] {
  return ['canary', '--config', cli.configPath, '--poll-interval', '200', ...cli.rpcArgs, ...more];
}

/** A relayer with the config's guardian keys, polling every 200 ms until `signal` aborts. */
function runRelayer(signal: AbortSignal): Promise<void> {
  const { fixture } = cli;
  const hub = fixture.addresses.hub;
  if (!hub) throw new Error('no hub');
  const clients = Object.fromEntries(
    NETWORKS.map((n) => [n.chainId, createPublicClient({ transport: http(fixture.rpcUrls[n.name]) })]),
  );
  return createRelayer({
    config: fixture.config,
    account: fixture.relayer,
    rpcUrls: fixture.rpcUrls,
    pollIntervalMs: 200,
    source: localAttestationSource({
      keys: fixture.guardianKeys,
      adapter: adapterAddress(fixture.addresses, 'guardian'),
      clients,
    }),
    addresses: { hub, receiver: fixture.addresses.receiver, adapters: fixture.addresses.adapters },
  }).run(signal);
}

describe('lockstep canary', () => {
  it('sends a canary, waits for every chain, and prints each chain’s latency (--json complete)', async () => {
    const controller = new AbortController();
    const relaying = runRelayer(controller.signal);
    const run = await runLockstep(canaryArgs('--json', '--timeout', '60'), { cwd: cli.dir }).finally(() =>
      controller.abort(),
    );
    await relaying;
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ complete: true, canaryId: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(result.chains.map((c: { network: string }) => c.network).sort()).toEqual(NETWORKS.map((n) => n.name).sort());
    for (const chain of result.chains) {
      expect(chain).toMatchObject({ delivered: true, messageId: expect.stringMatching(/^0x/) });
      expect(chain.latencySeconds).toBeGreaterThanOrEqual(0);
      expect(chain.deliveredAt - result.sentAt).toBe(chain.latencySeconds);
    }
    process.stderr.write(
      `canary latencies: ${result.chains.map((c: { network: string; latencySeconds: number }) => `${c.network}=${c.latencySeconds}s`).join(' ')}\n`,
    );
    // Progress on stderr: one line per chain as it is delivered.
    for (const n of NETWORKS) expect(run.stderr).toContain(`${n.name}: delivered after`);
  });

  it('refuses a second canary inside the hub’s interval, naming when the next is allowed (exit 1)', async () => {
    const run = await runLockstep(canaryArgs('--json'), { cwd: cli.dir });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error).toMatchObject({ name: 'CanaryTooSoonError' });
    expect(run.stderr).toMatch(/allows the next one from \d+/);
  });

  it('without a relayer, reports the chains not reached by the timeout (exit 1, --json incomplete)', async () => {
    for (const n of NETWORKS) {
      const test = createTestClient({ mode: 'anvil', transport: http(cli.fixture.rpcUrls[n.name]) });
      await test.increaseTime({ seconds: 300 });
      await test.mine({ blocks: 1 });
    }
    const run = await runLockstep(canaryArgs('--json', '--timeout', '1'), { cwd: cli.dir });
    expect(run.code, run.stdout).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.complete).toBe(false);
    expect(result.chains.every((c: { delivered: boolean }) => !c.delivered)).toBe(true);
    expect(run.stderr).toContain('was not delivered on chain(s)');
  });
});
