import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { upgradeReceiverAbi, vaultV1Abi } from '@lockstep/client';
import { createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test scaffolding shared with core's relay tests (anvils, deployAll).
import { dispatchVaultUpgrade, NETWORKS, nonceOf } from '../../../core/src/relay/test-fixture.js';
import { type CliRelayFixture, DEPLOY_TIMEOUT, runLockstep, startCliRelayFixture } from '../test-support.js';

let cli: CliRelayFixture;

beforeAll(async () => {
  cli = await startCliRelayFixture('cli-root-');
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await cli?.stop();
});

const run = (args: string[]) => runLockstep([...args, '--config', cli.configPath, ...cli.rpcArgs], { cwd: cli.dir });
const offline = (args: string[]) => runLockstep([...args, '--config', cli.configPath], { cwd: cli.dir });
const paused = (name: string) =>
  createPublicClient({ transport: http(cli.fixture.rpcUrls[name]) }).readContract({
    address: cli.fixture.addresses.vault ?? '0x',
    abi: vaultV1Abi,
    functionName: 'paused',
  });

describe('lockstep root', () => {
  it('pause → show → sign (emergency quorum) → submit pauses every network; again skips', async () => {
    const file = join(cli.dir, 'pause.json');
    const created = await run(['root', 'pause', file, '--valid-for', '30d', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).document.leaves).toHaveLength(NETWORKS.length);

    const typedData = join(cli.dir, 'typed.json');
    const shown = await offline(['root', 'show', file, '--typed-data', typedData]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('digest');
    expect(JSON.parse(await readFile(typedData, 'utf8')).primaryType).toBe('CouncilRoot');

    const signed = await offline([
      'root',
      'sign',
      file,
      '--member',
      '0',
      '--member',
      '1',
      '--member',
      '2',
      '--member',
      '3',
    ]);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toContain('4 signature(s)');

    const submitted = await run(['root', 'submit', file, '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    const result = JSON.parse(submitted.stdout) as {
      outcomes: { status: string; leaves: { status: string }[] }[];
      spreadSeconds: number;
    };
    expect(result.outcomes.map((o) => o.status)).toEqual(NETWORKS.map(() => 'done'));
    for (const n of NETWORKS) expect(await paused(n.name)).toBe(true);

    const again = await run(['root', 'submit', file, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const skipped = JSON.parse(again.stdout) as { outcomes: { leaves: { status: string; reason: string }[] }[] };
    expect(skipped.outcomes.flatMap((o) => o.leaves.map((l) => l.reason))).toEqual(NETWORKS.map(() => 'consumed'));
  });

  it('a sealed pause: pause --seal, sign and submit with the passphrase; never printed; refused without it', async () => {
    const file = join(cli.dir, 'sealed.json');
    const secret = 'correct horse battery staple';
    const secretFile = join(cli.dir, 'root-passphrase.txt');
    await writeFile(secretFile, `${secret}\n`, { mode: 0o600 });
    const withSecret = (args: string[], online = true) =>
      runLockstep(
        [...args, '--passphrase-file', secretFile, '--config', cli.configPath, ...(online ? cli.rpcArgs : [])],
        { cwd: cli.dir },
      );
    const created = await withSecret(['root', 'pause', file, '--valid-for', '1d', '--seal']);
    expect(created.code, created.stderr).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('lockstep-council-root-sealed');
    const signed = await withSecret(
      ['root', 'sign', file, '--member', '0', '--member', '1', '--member', '2', '--member', '3'],
      false,
    );
    expect(signed.code, signed.stderr).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('lockstep-council-root-sealed');
    const refused = await run(['root', 'submit', file]);
    expect(refused.code).toBe(1);
    const submitted = await withSecret(['root', 'submit', file, '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    for (const output of [created, signed, refused, submitted]) {
      expect(output.stdout + output.stderr).not.toContain(secret);
    }
  });

  it('refuses a tampered file before anything is sent, naming the field', async () => {
    const file = join(cli.dir, 'tampered.json');
    expect((await run(['root', 'pause', file, '--valid-for', '1d'])).code).toBe(0);
    expect((await offline(['root', 'sign', file, '--member', '0'])).code).toBe(0);
    const document = JSON.parse(await readFile(file, 'utf8'));
    document.validUntil += 1;
    await writeFile(file, JSON.stringify(document));
    const before = await nonceOf(cli.fixture.rpcUrls.arbitrum, cli.fixture.relayer.address);
    const refused = await run(['root', 'submit', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/digest is not the digest of root, validUntil and membersNonce/);
    expect(await nonceOf(cli.fixture.rpcUrls.arbitrum, cli.fixture.relayer.address)).toBe(before);
  });

  it('refuses a signature filed under the wrong signer, and a network not in the config', async () => {
    const file = join(cli.dir, 'wrong.json');
    expect((await run(['root', 'pause', file, '--valid-for', '1d'])).code).toBe(0);
    const bogus = `0x${'11'.repeat(65)}`;
    const imported = await offline([
      'root',
      'sign',
      file,
      '--signature',
      `0x0000000000000000000000000000000000000001=${bogus}`,
    ]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/signature/);
    const unknown = await run(['root', 'submit', file, '--network', 'base']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--network: base is not a network of the config/);
  });

  it('a dead RPC on one network is reported and does not stop the others', async () => {
    const file = join(cli.dir, 'dead-rpc.json');
    expect((await run(['root', 'pause', file, '--valid-for', '1d'])).code).toBe(0);
    expect(
      (await offline(['root', 'sign', file, '--member', '0', '--member', '1', '--member', '2', '--member', '3'])).code,
    ).toBe(0);
    const submitted = await runLockstep(
      [
        'root',
        'submit',
        file,
        '--json',
        '--config',
        cli.configPath,
        ...cli.rpcArgs,
        '--rpc',
        'optimism=http://127.0.0.1:9',
      ],
      { cwd: cli.dir },
    );
    expect(submitted.code).toBe(1);
    const result = JSON.parse(submitted.stdout) as {
      outcomes: { network: string; status: string; leaves?: { status: string }[]; error?: { message: string } }[];
    };
    const byName = new Map(result.outcomes.map((o) => [o.network, o]));
    expect(byName.get('ethereum')?.leaves?.[0]?.status).toBe('executed');
    expect(byName.get('arbitrum')?.leaves?.[0]?.status).toBe('executed');
    expect(byName.get('optimism')?.status).toBe('failed');
    expect(byName.get('optimism')?.error?.message).toMatch(/optimism/);
  });

  it('revoke: an emergency quorum revokes a root on every network before it is ever set', async () => {
    const file = join(cli.dir, 'leaked.json');
    expect((await run(['root', 'pause', file, '--valid-for', '1d'])).code).toBe(0);
    expect(
      (await offline(['root', 'sign', file, '--member', '0', '--member', '1', '--member', '2', '--member', '3'])).code,
    ).toBe(0);
    const revoked = await run([
      'root',
      'revoke',
      file,
      '--member',
      '4',
      '--member',
      '5',
      '--member',
      '6',
      '--member',
      '7',
      '--json',
    ]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout).outcomes.map((o: { status: string }) => o.status)).toEqual(
      NETWORKS.map(() => 'revoked'),
    );
    const refused = await run(['root', 'submit', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/was revoked/);
  });

  it('ratify: one root queues a dispatched upgrade on every network; an emergency quorum alone cannot, and the full set raises the root', async () => {
    const hubClient = createPublicClient({ transport: http(cli.fixture.rpcUrls.ethereum) });
    const fromBlock = (await hubClient.getBlockNumber()) + 1n;
    const proposalId = await dispatchVaultUpgrade(cli.fixture, 'cli-root-ratify');
    const file = join(cli.dir, 'ratify.json');
    const built = await run([
      'root',
      'ratify',
      file,
      '--valid-for',
      '7d',
      '--proposal',
      proposalId,
      '--from-block',
      String(fromBlock),
      '--json',
    ]);
    expect(built.code, built.stderr).toBe(0);
    const leaves = JSON.parse(built.stdout).document.leaves as { chainId: number; messageId: `0x${string}` }[];
    expect(leaves.map((l) => l.chainId).sort()).toEqual(NETWORKS.map((n) => n.chainId).sort());

    expect(
      (await offline(['root', 'sign', file, '--member', '0', '--member', '1', '--member', '2', '--member', '3'])).code,
    ).toBe(0);
    const tooFew = await run(['root', 'submit', file, '--network', 'optimism']);
    expect(tooFew.code).toBe(1);
    expect(tooFew.stderr).toMatch(/RootAuthorityTooLow/);

    expect((await offline(['root', 'sign', file, '--member', '4', '--member', '5'])).code).toBe(0);
    const submitted = await run(['root', 'submit', file, '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    for (const leaf of leaves) {
      const name = NETWORKS.find((n) => n.chainId === leaf.chainId)?.name ?? '';
      const [status] = await createPublicClient({ transport: http(cli.fixture.rpcUrls[name]) }).readContract({
        address: cli.fixture.addresses.receiver,
        abi: upgradeReceiverAbi,
        functionName: 'messageState',
        args: [leaf.messageId],
      });
      expect(status, name).toBe(2); // Queued: it waits the fallback delay
    }
  });
});
