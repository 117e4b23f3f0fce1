import { join } from 'node:path';
import { writeProposalFile } from '@lockstep/core/proposal';
import { OWNABLE_NAMESPACE } from '@lockstep/core/rehearse';
import { getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test scaffolding shared with core's rehearsal tests (vault upgrade proposal files).
import {
  draftDocument,
  type RehearsalDevnet,
  submittedDocument,
  transferOwnershipData,
  vaultActions,
} from '../../../core/src/rehearse/test-fixture.js';
import { NETWORKS } from '../../../core/src/relay/test-fixture.js';
import { type CliRelayFixture, DEPLOY_TIMEOUT, runLockstep, startCliRelayFixture } from '../test-support.js';

let cli: CliRelayFixture;
let devnet: RehearsalDevnet;
const TIMEOUT = 120_000;

beforeAll(async () => {
  cli = await startCliRelayFixture('rehearse-cli-');
  const { addresses, rpcUrls } = cli.fixture;
  if (!addresses.vault || !addresses.vaultV2) throw new Error('the fixture deploys the example vault');
  devnet = {
    networks: NETWORKS,
    rpcUrls,
    addresses,
    vault: addresses.vault,
    vaultV2: addresses.vaultV2,
    stop: cli.stop,
  };
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await cli?.stop();
});

const rehearse = (file: string, ...more: string[]) =>
  runLockstep(['rehearse', file, '--config', cli.configPath, ...cli.rpcArgs, ...more], { cwd: cli.dir });

describe('lockstep rehearse', () => {
  it(
    'rehearses a signed proposal file and prints every chain’s decoded changes as one JSON document',
    async () => {
      const file = join(cli.dir, 'signed.json');
      await writeProposalFile(
        file,
        await submittedDocument(devnet, await vaultActions(devnet, [1, 42161]), [1, 2, 3, 4, 5, 6]),
      );
      const run = await rehearse(file, '--json');
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({
        ok: true,
        file,
        title: 'Vault V2',
        origin: 'existing',
        unexpected: [],
        failedChecks: [],
      });
      expect(report.approvals).toMatchObject({ quorum: 6, realSignatures: true });
      expect(report.chains).toHaveLength(2);
      for (const chain of report.chains) {
        expect(chain.forkBlock).toMatch(/^\d+$/);
        expect(chain.transactions.length).toBeGreaterThan(0);
        expect(chain.changes.every((c: { label: string; expected: boolean }) => c.label && c.expected)).toBe(true);
        expect(chain.postChecks).toHaveLength(2);
      }
      expect(report.substitutions).toHaveLength(2);
      expect(run.stderr).toContain('arbitrum: message');
      expect(run.stderr).toContain('rehearsal passed');
    },
    TIMEOUT,
  );

  it(
    'names the unexpected owner change, warns that members were impersonated, and exits 1',
    async () => {
      const attacker = getAddress('0x000000000000000000000000000000000000a77a');
      const file = join(cli.dir, 'draft.json');
      await writeProposalFile(
        file,
        draftDocument(devnet, await vaultActions(devnet, [42161], transferOwnershipData(attacker))),
      );
      const run = await rehearse(file, '--impersonate-missing');
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toContain('⚠ NOT the real signatures');
      expect(run.stdout).toContain(`FAILED: 1 unexpected change(s), 0 failed post-check(s)`);
      expect(run.stdout).toContain(`✗ UNEXPECTED owner of ${devnet.vault} (Ownable):`);
      expect(run.stdout).toContain(`→ ${attacker} [${devnet.vault} slot ${OWNABLE_NAMESPACE}]`);
      expect(run.stderr).toContain('approval(s) impersonated');
    },
    TIMEOUT,
  );

  it(
    'says how many signatures are missing and how to go on when the file falls short (exit 1)',
    async () => {
      const file = join(cli.dir, 'short.json');
      await writeProposalFile(file, await submittedDocument(devnet, await vaultActions(devnet, [42161]), [1, 2]));
      const run = await rehearse(file, '--json');
      expect(run.code).toBe(1);
      const { error } = JSON.parse(run.stdout);
      expect(error.shortMessage).toBe(
        "the proposal has 2 of the 6 approvals it needs with the file's 2 signature(s): 4 more needed",
      );
      expect(error.problems.join('\n')).toContain('--impersonate-missing');
    },
    TIMEOUT,
  );
});
