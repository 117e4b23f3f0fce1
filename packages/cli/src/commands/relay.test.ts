import { spawn } from 'node:child_process';
import { guardianAdapterAbi } from '@lockstep/client';
import { readHubMessageState } from '@lockstep/core/ack';
import { resolveKey, TEST_MNEMONIC } from '@lockstep/core/config';
import { describeApproval, signApproval, submitApprovals } from '@lockstep/core/council';
import { adapterAddress } from '@lockstep/core/deploy';
import { advanceTime } from '@lockstep/core/devnet';
import { executeEmergency, proposeEmergency } from '@lockstep/core/emergency';
import { readMessageState, scanDispatched } from '@lockstep/core/relay';
import { type Address, createPublicClient, createTestClient, createWalletClient, http, parseEther } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test scaffolding shared with core's relay tests (anvils, deployAll, a dispatch as the timelock).
import { dispatchVaultUpgrade, NETWORKS, nonceOf } from '../../../core/src/relay/test-fixture.js';
import {
  type CliRelayFixture,
  DEPLOY_TIMEOUT,
  LOCKSTEP_BIN,
  runLockstep,
  startCliRelayFixture,
} from '../test-support.js';

let cli: CliRelayFixture;
let fixture: CliRelayFixture['fixture'];
let reporter: Address;

beforeAll(async () => {
  cli = await startCliRelayFixture('relayer-cli-');
  fixture = cli.fixture;
  // The config's keys.reporter (mnemonic index 26): anvil funds only the first 10 accounts.
  const source = fixture.config.keys.reporter;
  if (!source) throw new Error('the default config names a reporter key');
  reporter = (await resolveKey(source, {}, { allowTestMnemonic: true })).address;
  await createTestClient({ mode: 'anvil', transport: http(fixture.rpcUrls.ethereum) }).setBalance({
    address: reporter,
    value: parseEther('10'),
  });
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await cli?.stop();
});

/** `lockstep relay` with the fixture's config and RPCs, against local guardians, polling every 200 ms. */
function relayArgs(): string[] {
  return ['relay', '--config', cli.configPath, '--local-guardians', '--poll-interval', '200', ...cli.rpcArgs];
}

describe('lockstep relay', () => {
  it('SIGKILLed right after its first delivery and restarted, delivers every message exactly once', async () => {
    await dispatchVaultUpgrade(fixture, 'cli-1');
    await dispatchVaultUpgrade(fixture, 'cli-2');
    const before = await Promise.all(NETWORKS.map((n) => nonceOf(fixture.rpcUrls[n.name], fixture.relayer.address)));

    const child = spawn(process.execPath, [LOCKSTEP_BIN, ...relayArgs()], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: cli.dir,
    });
    let log = '';
    const killed = new Promise<string | null>((resolve) => {
      child.once('exit', (_code, signal) => resolve(signal));
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString('utf8');
        if (/"event":"delivered"/.test(log)) child.kill('SIGKILL');
      });
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    expect(await killed).toBe('SIGKILL');
    clearTimeout(timer);
    expect(log).toMatch(/"event":"delivered"/);
    // The one log schema the guardian shares: { time, level, event, ...fields } a line.
    const delivered = log
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.event === 'delivered');
    expect(delivered).toMatchObject({ level: 'info', event: 'delivered', messageId: expect.any(String) });
    expect(Object.keys(delivered ?? {}).slice(0, 3)).toEqual(['time', 'level', 'event']);

    const { code, stdout, stderr } = await runLockstep([...relayArgs(), '--once', '--json'], { cwd: cli.dir });
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as {
      delivered: unknown[];
      skipped: unknown[];
      failed: unknown[];
      acknowledged: { outcome: string; hubState: string }[];
    };
    expect(result.failed).toEqual([]);
    expect(stderr).toContain(`"event":"reporter","reporter":"${reporter}"`);
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
      const network = NETWORKS.find((n) => n.chainId === message.chainId);
      const client = createPublicClient({ transport: http(fixture.rpcUrls[network?.name ?? '']) });
      expect((await readMessageState(client, fixture.addresses.receiver, message.messageId)).status).toBe('Queued');
      const forwarded = await client.getContractEvents({
        address: adapterAddress(fixture.addresses, 'guardian'),
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
    const { code, stdout, stderr } = await runLockstep(
      ['execute-ready', '--config', cli.configPath, '--json', ...cli.rpcArgs],
      {
        cwd: cli.dir,
      },
    );
    const reports = JSON.parse(stdout) as { status: string; acknowledgement?: { outcome: string; hubState: string } }[];
    // The two upgrades of the test before, on three chains, both replacing V1: once one of them ran on a
    // chain, the other names a previous implementation the vault no longer runs (RegistryStaleUpgrade),
    // so it can never run: exactly one executes per chain, and the command reports the failures.
    expect(reports).toHaveLength(6);
    expect(reports.filter((r) => r.status === 'executed')).toHaveLength(3);
    expect(reports.filter((r) => r.status === 'failed')).toHaveLength(3);
    expect(code, stdout + stderr).toBe(1);
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

  it('a delivered pause lists every target; a target not handled is named in a warning, never plain success', async () => {
    const { council, vault, vaultV2 } = fixture.addresses;
    if (!council || !vault || !vaultV2) throw new Error('hub deployment incomplete');
    const hubUrl = fixture.rpcUrls.ethereum ?? '';
    const member = (i: number) =>
      createWalletClient({ account: mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i }), transport: http(hubUrl) });
    // vaultV2 is an implementation, not a registered proxy: the receiver never calls it.
    const { actionId } = await proposeEmergency(member(1), {
      council,
      pause: true,
      targets: [
        { chainId: 42161, target: vault },
        { chainId: 42161, target: vaultV2 },
      ],
    });
    const described = await describeApproval(member(9), { council, proposalId: actionId });
    const approvals = await Promise.all(
      [1, 2, 3, 4].map((i) => signApproval(mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i }), described)),
    );
    await submitApprovals(member(9), { council, proposalId: actionId, approvals });
    const executed = await executeEmergency(member(9), { council, actionId });

    const { code, stdout, stderr } = await runLockstep(
      [...relayArgs(), '--once', '--json', '--from-block', String(executed.blockNumber)],
      { cwd: cli.dir },
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as {
      delivered: { chainId: number; emergency?: { targets: unknown[]; problems: unknown[] } }[];
      warnings: string[];
    };
    expect(result.delivered).toHaveLength(1);
    expect(result.delivered[0]?.emergency).toEqual({
      pause: true,
      targets: [
        { target: vault, pause: true, outcome: 'applied' },
        { target: vaultV2, pause: true, outcome: 'not-registered' },
      ],
      problems: [{ target: vaultV2, pause: true, outcome: 'not-registered' }],
    });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      new RegExp(
        `on arbitrum was delivered, but 1 of 2 target\\(s\\) were NOT paused: ${vaultV2} \\(not-registered\\)`,
      ),
    );
    expect(stderr).toContain(`⚠ pause ${executed.messages[0]?.messageId} on arbitrum was delivered, but 1 of 2`);
  }, 120_000);
});
