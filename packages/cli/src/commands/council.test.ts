import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { advanceTime } from '@lockstep/core/devnet';
import { createPublicClient, http, keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';

const blockTime = async (url: string) =>
  Number((await createPublicClient({ transport: http(url) }).getBlock()).timestamp);

import { DEPLOY_TIMEOUT, useCouncilDevnet } from '../test-support.js';

const { devnet, lockstep, signOffline } = useCouncilDevnet('cli-council-');

describe('lockstep propose | approve | status | execute', () => {
  it(
    'runs a proposal from propose to the hub messages, refusing to sign unconfirmed on a non-TTY',
    async () => {
      const { cwd, addresses, rpcUrls } = devnet();
      const actionsFile = join(cwd, 'actions.json');
      await writeFile(
        actionsFile,
        JSON.stringify([
          { network: 'ethereum', proxy: addresses.vault, implementation: addresses.vaultV2 },
          { chainId: 42161, proxy: addresses.vault, implementation: addresses.vaultV2 },
        ]),
      );
      const auditHash = keccak256(toHex('audit'));
      const proposed = await lockstep(
        'propose',
        '--actions',
        actionsFile,
        '--audit-hash',
        auditHash,
        '--member',
        '0',
        '--json',
      );
      expect(proposed.code, proposed.stderr).toBe(0);
      const { proposalId, actions } = JSON.parse(proposed.stdout) as {
        proposalId: string;
        actions: { previousImplementation: string }[];
      };
      expect(actions.map((a) => a.previousImplementation)).toEqual([addresses.vaultV1, addresses.vaultV1]);
      expect(proposalId).toMatch(/^0x[0-9a-f]{64}$/);

      const refused = await lockstep('approve', '--proposal', proposalId, '--member', '1');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/verifyingContract 0x/);
      expect(refused.stderr).toMatch(/digest {5}0x[0-9a-f]{64} \(equal to the council's approvalDigest\)/);
      expect(refused.stderr).toMatch(/on arbitrum \(chain 42161\):[\s\S]*code matches/);
      // The implementation each upgrade replaces, filled from the chain's registry and checked.
      expect(refused.stderr).toMatch(new RegExp(`replaces ${addresses.vaultV1} .*\\[the proxy runs it now\\]`));
      expect(refused.stderr).toMatch(/refusing to sign without confirmation: stdin is not a terminal .* --yes/);

      const signatures = join(cwd, 'signatures.json');
      await signOffline(proposalId, ['0', '1', '2', '3', '4', '5'], signatures);
      expect(JSON.parse(await readFile(signatures, 'utf8'))).toHaveLength(6);

      const before = await lockstep('status', '--proposal', proposalId, '--json');
      expect(before.code, before.stderr).toBe(0);
      expect(JSON.parse(before.stdout)).toMatchObject({ approvals: 0, quorum: 6, status: 'pending' });

      const submitted = await lockstep(
        'approve',
        '--proposal',
        proposalId,
        '--submit',
        signatures,
        '--member',
        '8',
        '--json',
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(JSON.parse(submitted.stdout)).toMatchObject({ step: 'submitted', approvals: 6 });

      const scheduled = await lockstep('execute', '--proposal', proposalId, '--json');
      expect(scheduled.code, scheduled.stderr).toBe(0);
      expect(JSON.parse(scheduled.stdout)).toMatchObject({ step: 'scheduled', delay: '172800' });

      const early = await lockstep('execute', '--proposal', proposalId);
      expect(early.code).toBe(1);
      expect(early.stderr).toMatch(/cannot be executed: its timelock delay runs until/);

      await advanceTime(rpcUrls.ethereum ?? '', 2 * 24 * 3600);
      const executed = await lockstep('execute', '--proposal', proposalId, '--json');
      expect(executed.code, executed.stderr).toBe(0);
      const result = JSON.parse(executed.stdout) as { messages: { chainId: number; kind: string }[] };
      expect(result.messages.map((m) => [m.chainId, m.kind])).toEqual([
        [1, 'upgrade'],
        [42161, 'upgrade'],
      ]);

      const after = await lockstep('status', '--proposal', proposalId, '--json');
      expect(after.code).toBe(0);
      const doc = JSON.parse(after.stdout) as { operation: { state: string }; messages: { state: string }[] };
      expect(doc.operation.state).toBe('done');
      expect(doc.messages.map((m) => m.state)).toEqual(['dispatched', 'dispatched']);
    },
    DEPLOY_TIMEOUT,
  );

  it('propose refuses a stale previousImplementation, naming the fix, and sends nothing', async () => {
    const { cwd, addresses } = devnet();
    const actionsFile = join(cwd, 'stale.json');
    await writeFile(
      actionsFile,
      JSON.stringify([
        {
          chainId: 42161,
          proxy: addresses.vault,
          previousImplementation: addresses.vaultV2,
          implementation: addresses.vaultV2,
        },
      ]),
    );
    const run = await lockstep(
      'propose',
      '--actions',
      actionsFile,
      '--audit-hash',
      keccak256(toHex('a')),
      '--member',
      '0',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`set previousImplementation to ${addresses.vaultV1}, or leave it out`);
  });

  it('status shows every member’s term end and the liveness horizon; warns within 90 days of it', async () => {
    const { rpcUrls } = devnet();
    type Liveness = {
      liveness: {
        horizon: number;
        level: string;
        threshold: number;
        seats: { termEnd: number }[];
        warning: string | null;
      };
    };
    const fine = await lockstep('status', '--json');
    expect(fine.code, fine.stderr).toBe(0);
    const { liveness } = JSON.parse(fine.stdout) as Liveness;
    expect(liveness.seats).toHaveLength(9);
    expect(liveness).toMatchObject({ threshold: 6, level: 'ok', warning: null });
    const ends = liveness.seats.map((s) => s.termEnd).sort((a, b) => b - a);
    expect(liveness.horizon).toBe(ends[5]);
    expect(fine.stderr).not.toMatch(/seats run out/);

    const human = await lockstep('status');
    expect(human.stdout).toMatch(/council {4}9 of 9 seats active, threshold 6/);
    expect(human.stdout).toMatch(/horizon {4}\d{4}-\d\d-\d\dT.* \(in \d+ day\(s\)\)/);

    const now = await blockTime(rpcUrls.ethereum ?? '');
    await advanceTime(rpcUrls.ethereum ?? '', liveness.horizon - now - 60 * 86_400);
    const soon = await lockstep('status');
    expect(soon.code).toBe(0);
    const date = new Date(liveness.horizon * 1000).toISOString();
    expect(soon.stderr).toMatch(new RegExp(`⚠ the council's seats run out on ${date} \\(in (59|60) day\\(s\\)\\)`));
    expect(soon.stderr).toContain(`before ${date}`);
    expect(soon.stdout).toMatch(/ROTATE SOON/);
    const soonJson = JSON.parse((await lockstep('status', '--json')).stdout) as Liveness;
    expect(soonJson.liveness.level).toBe('warning');
    expect(soonJson.liveness.warning).toMatch(/propose a council rotation/);
  });

  it('status of an unknown proposal: exit 1 with the reason, one JSON error document', async () => {
    const run = await lockstep('status', '--proposal', keccak256(toHex('nope')), '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { name: 'CouncilError' } });
    expect(run.stderr).toMatch(/no proposal 0x[0-9a-f]{64} on council/);
  });
});
