import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { DEPLOY_TIMEOUT, useCouncilDevnet } from '../test-support.js';

const { devnet, lockstep, signOffline } = useCouncilDevnet('cli-cancel-');

describe('lockstep cancel', () => {
  it(
    'proposes the cancel of an upgrade, refuses to execute it below the emergency threshold, then vetoes it',
    async () => {
      const { cwd, addresses } = devnet();
      const actionsFile = join(cwd, 'actions.json');
      await writeFile(
        actionsFile,
        JSON.stringify([{ network: 'ethereum', proxy: addresses.vault, implementation: addresses.vaultV2 }]),
      );
      const proposed = await lockstep(
        'propose',
        '--actions',
        actionsFile,
        '--audit-hash',
        keccak256(toHex('audit')),
        '--member',
        '0',
        '--json',
      );
      expect(proposed.code, proposed.stderr).toBe(0);
      const { proposalId } = JSON.parse(proposed.stdout) as { proposalId: string };

      const noKey = await lockstep('cancel', '--proposal', proposalId);
      expect(noKey.code).toBe(1);
      expect(noKey.stderr).toMatch(/no key to sign with — pass --member <i> or --key-env <VAR>/);

      const cancel = await lockstep('cancel', '--proposal', proposalId, '--member', '4', '--json');
      expect(cancel.code, cancel.stderr).toBe(0);
      const doc = JSON.parse(cancel.stdout) as { step: string; cancelId: string; proposalId: string };
      expect(doc).toMatchObject({ step: 'proposed', proposalId });
      expect(doc.cancelId).toMatch(/^0x[0-9a-f]{64}$/);
      const { cancelId } = doc;

      const three = join(cwd, 'three.json');
      await signOffline(cancelId, ['0', '1', '2'], three);
      const submitted = await lockstep('approve', '--proposal', cancelId, '--submit', three, '--member', '8', '--json');
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(JSON.parse(submitted.stdout)).toMatchObject({ approvals: 3 });

      const short = await lockstep('cancel', '--proposal', cancelId, '--json');
      expect(short.code).toBe(1);
      expect(JSON.parse(short.stdout)).toMatchObject({ error: { name: 'CouncilRevertError', exitCode: 1 } });
      expect(short.stderr).toMatch(/executeCancel reverted with CouncilQuorumNotMet\(.*\) — 3 of 4 approvals/);

      const fourth = join(cwd, 'fourth.json');
      await signOffline(cancelId, ['3'], fourth);
      expect((await lockstep('approve', '--proposal', cancelId, '--submit', fourth, '--member', '8')).code).toBe(0);
      const executed = await lockstep('cancel', '--proposal', cancelId, '--json');
      expect(executed.code, executed.stderr).toBe(0);
      expect(JSON.parse(executed.stdout)).toMatchObject({
        step: 'executed',
        cancelId,
        proposalId,
        wasScheduled: false,
      });

      const status = await lockstep('status', '--proposal', proposalId, '--json');
      expect(JSON.parse(status.stdout)).toMatchObject({ status: 'cancelled' });

      const again = await lockstep('cancel', '--proposal', proposalId, '--member', '4');
      expect(again.code).toBe(1);
      expect(again.stdout).toBe('');
      expect(again.stderr).toMatch(/cannot be cancelled: it is already cancelled/);
    },
    DEPLOY_TIMEOUT,
  );
});
