import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROPOSAL_GATES } from '@lockstep/core/gates';
import { type ProposalDocument, upgradeProposalId } from '@lockstep/core/proposal';
import { type Hex, keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { DEPLOY_TIMEOUT, useCouncilDevnet } from '../test-support.js';

const { devnet, lockstep } = useCouncilDevnet('cli-proposal-');

const auditHash = keccak256(toHex('audit of VaultV2'));
const readDocument = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as ProposalDocument;

/** Writes the actions file upgrading the example vault on `network`; returns its path. */
async function actionsFor(network: string): Promise<string> {
  const { cwd, addresses } = devnet();
  const path = join(cwd, `actions-${network}.json`);
  await writeFile(path, JSON.stringify([{ network, proxy: addresses.vault, implementation: addresses.vaultV2 }]));
  return path;
}

async function draft(network: string, file: string, ...more: string[]) {
  return lockstep(
    'propose',
    '--actions',
    await actionsFor(network),
    '--audit-hash',
    auditHash,
    '--audit-uri',
    'ipfs://audit-vault-v2',
    '--draft',
    file,
    '--title',
    `Vault V2 on ${network}`,
    '--rollback-plan',
    'Propose the upgrade back to VaultV1 (same ceremony).',
    ...more,
  );
}

describe('lockstep propose --draft | --file and lockstep proposal', () => {
  it(
    'drafts two files, merges them into one ceremony, submits it and announces it',
    async () => {
      const { cwd, addresses } = devnet();
      const a = join(cwd, 'a.json');
      const b = join(cwd, 'b.json');
      const drafted = await draft('ethereum', a, '--json');
      expect(drafted.code, drafted.stderr).toBe(0);
      expect(drafted.stderr).toContain(`lockstep propose --file ${a}`);
      expect((await draft('arbitrum', b)).code).toBe(0);

      const shown = await lockstep('proposal', 'show', a, '--json');
      expect(shown.code, shown.stderr).toBe(0);
      const { document } = JSON.parse(shown.stdout) as { document: ProposalDocument };
      expect(document.submission).toBeUndefined();
      expect(document.actions).toEqual([
        expect.objectContaining({
          chainId: 1,
          network: 'ethereum',
          proxy: addresses.vault,
          previousImplementation: addresses.vaultV1,
          implementation: addresses.vaultV2,
          previousCodehash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
        }),
      ]);
      expect(document.activation?.timelockDelaySeconds).toBe(2 * 24 * 3600);
      expect(document.gates.map((g) => g.name)).toEqual(PROPOSAL_GATES.map((g) => g.name));

      const twice = await lockstep('proposal', 'merge', a, a, '-o', join(cwd, 'twice.json'));
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(/both files upgrade .* on chain 1: one ceremony upgrades a proxy once/);

      const merged = join(cwd, 'merged.json');
      const merging = await lockstep('proposal', 'merge', a, b, '-o', merged, '--title', 'Vault V2 everywhere');
      expect(merging.code, merging.stderr).toBe(0);
      const ceremony = await readDocument(merged);
      expect(ceremony.mergedFrom?.map((m) => m.title)).toEqual(['Vault V2 on ethereum', 'Vault V2 on arbitrum']);
      expect(ceremony.activation?.chains.map((c) => c.chainId)).toEqual([1, 42161]);

      const tampered = join(cwd, 'tampered.json');
      const text = await readFile(merged, 'utf8');
      await writeFile(tampered, text.replace(ceremony.actions[1]?.implementation ?? '', addresses.vaultV1 ?? ''));
      const refused = await lockstep('propose', '--file', tampered, '--member', '0');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/contentHash is not the hash of its actions .* do not sign it/);

      const submitted = await lockstep('propose', '--file', merged, '--member', '0', '--json');
      expect(submitted.code, submitted.stderr).toBe(0);
      const { proposalId, nonce } = JSON.parse(submitted.stdout) as { proposalId: Hex; nonce: string };
      const file = await readDocument(merged);
      expect(file.submission).toMatchObject({ proposalId, nonce });
      // The id recomputes from the file alone: council, chain, nonce, content.
      expect(
        upgradeProposalId({
          council: file.council.address,
          chainId: file.council.chainId,
          nonce: BigInt(nonce),
          contentHash: file.contentHash,
        }),
      ).toBe(proposalId);
      const status = await lockstep('status', '--proposal', proposalId, '--json');
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ status: 'pending' });

      const again = await lockstep('propose', '--file', merged, '--member', '0');
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`was already proposed as ${proposalId}`);
      const mergeSubmitted = await lockstep('proposal', 'merge', merged, b, '-o', join(cwd, 'no.json'));
      expect(mergeSubmitted.code).toBe(1);
      expect(mergeSubmitted.stderr).toMatch(/only drafts merge/);

      const hubReference = (d: Awaited<ReturnType<typeof readDocument>>) =>
        d.activation?.chains.find((c) => c.chainId === 1)?.referenceBlock?.number ?? 0;
      const planned = hubReference(await readDocument(merged));
      const checked = await lockstep('proposal', 'check', merged, '--json');
      expect(checked.code, checked.stderr).toBe(0);
      const rechecked = await readDocument(merged);
      expect(rechecked.submission).toEqual(file.submission);
      // The activation plan is read again: the hub has mined the proposal since the draft's plan.
      expect(hubReference(rechecked)).toBeGreaterThan(planned);

      const notice = join(cwd, 'notice.md');
      const announced = await lockstep('proposal', 'announce', merged, '-o', notice);
      expect(announced.code, announced.stderr).toBe(0);
      const markdown = await readFile(notice, 'utf8');
      expect(markdown).toContain('# Upgrade notice: Vault V2 everywhere');
      expect(markdown).toContain('| Chains | ethereum (1), arbitrum (42161) |');
      expect(markdown).toContain(`\`${proposalId}\` (nonce ${nonce}`);
      expect(markdown).toContain(`\`${addresses.vaultV2}\`<br>codehash \`${file.actions[0]?.codehash}\``);
      expect(markdown).toContain(`\`${addresses.vaultV1}\`<br>codehash \`${file.actions[0]?.previousCodehash}\``);
      expect(markdown).toContain(`\`${auditHash}\` — ipfs://audit-vault-v2`);
      expect(markdown).toMatch(/not before \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
      expect(markdown.match(/\| ≈ \d+ \|/g)).toHaveLength(2);
      expect(markdown).toContain('### Vault V2 on ethereum\n\nPropose the upgrade back to VaultV1 (same ceremony).');

      const fixed = await lockstep('proposal', 'announce', merged, '--activation-at', '2030-01-01T00:00:00Z');
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(fixed.stdout).toContain(
        'activates on every chain at the same moment: **2030-01-01 00:00:00 UTC** (unix 1893456000)',
      );
    },
    DEPLOY_TIMEOUT,
  );

  it('proposes from actions at once and writes the submitted file with --out', async () => {
    const { cwd } = devnet();
    const out = join(cwd, 'at-once.json');
    const run = await lockstep(
      'propose',
      '--actions',
      await actionsFor('arbitrum'),
      '--audit-hash',
      auditHash,
      '--title',
      'Vault V2 on arbitrum, at once',
      '--out',
      out,
      '--member',
      '1',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    const { proposalId } = JSON.parse(run.stdout) as { proposalId: Hex };
    const shown = await lockstep('proposal', 'show', out);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`proposed  ${proposalId}`);
    expect(shown.stdout).toContain('signatures: 0 (none yet)');
  });

  it('refuses an override that names no gate, and a file without a title', async () => {
    const { cwd } = devnet();
    const unknown = await draft('ethereum', join(cwd, 'x.json'), '--override', 'no-such-gate=because');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--override names no gate "no-such-gate"/);
    const untitled = await lockstep(
      'propose',
      '--actions',
      await actionsFor('ethereum'),
      '--audit-hash',
      auditHash,
      '--draft',
      join(cwd, 'y.json'),
    );
    expect(untitled.code).toBe(2);
    expect(untitled.stderr).toMatch(/needs a title: give --title/);
  });
});
