import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { advanceTime } from '@lockstep/core/devnet';
import { keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
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
      const { proposalId } = JSON.parse(proposed.stdout) as { proposalId: string };
      expect(proposalId).toMatch(/^0x[0-9a-f]{64}$/);

      const refused = await lockstep('approve', '--proposal', proposalId, '--member', '1');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/verifyingContract 0x/);
      expect(refused.stderr).toMatch(/digest {5}0x[0-9a-f]{64} \(equal to the council's approvalDigest\)/);
      expect(refused.stderr).toMatch(/on arbitrum \(chain 42161\):[\s\S]*code matches/);
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

  it('status of an unknown proposal: exit 1 with the reason, one JSON error document', async () => {
    const run = await lockstep('status', '--proposal', keccak256(toHex('nope')), '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { name: 'CouncilError' } });
    expect(run.stderr).toMatch(/no proposal 0x[0-9a-f]{64} on council/);
  });
});
