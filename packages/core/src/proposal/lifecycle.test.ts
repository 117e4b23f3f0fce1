import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securityCouncilAbi } from '@lockstep/client';
import { createPublicClient, createTestClient, type Hex, http, keccak256, toHex } from 'viem';
import { getBlockNumber, readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { type CouncilFixture, DEPLOY_TIMEOUT, startCouncilFixture } from '../council/test-fixture.js';
import { assertGatesPassed } from '../gates/run-gates.js';
import type { GateContext, ProposalGate } from '../gates/types.js';
import { withActivationPlan } from './activation-plan.js';
import { renderAnnouncement } from './announcement.js';
import { type ProposalDocument, readProposalFile, upgradeProposalId, writeProposalFile } from './document.js';
import { buildProposalDraft } from './draft.js';
import { recordGates } from './gate-records.js';
import { mergeProposals } from './merge.js';
import { submitProposal } from './submit.js';

/** A test gate over real chain state: fails while the proxy's label says "blocked". */
const labelGate: ProposalGate = {
  name: 'test-label',
  title: 'no action is labelled "blocked"',
  overridable: true,
  async run({ document }) {
    const blocked = document.actions.filter((a) => a.label === 'blocked');
    return blocked.length
      ? {
          status: 'failed',
          summary: `${blocked.length} blocked action(s)`,
          findings: blocked.map((a) => ({
            severity: 'error',
            chainId: a.chainId,
            subject: a.proxy,
            message: 'blocked',
          })),
        }
      : { status: 'passed', summary: 'nothing blocked', findings: [] };
  },
};
const gates = [labelGate];

let fixture: CouncilFixture;
let dir: string;
const audit = { hash: keccak256(toHex('audit of VaultV2')), uri: 'ipfs://audit-v2' };

beforeAll(async () => {
  fixture = await startCouncilFixture();
  dir = await mkdtemp(join(tmpdir(), 'lockstep-lifecycle-'));
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const hubClient = () => createPublicClient({ transport: http(fixture.hubUrl) });
const rpcUrls = () => ({ 42161: fixture.arbitrumUrl });
const contextOf = (document: ProposalDocument): GateContext => ({
  document,
  config: defaultConfig(),
  clientFor: (chainId) => createPublicClient({ transport: http(chainId === 1 ? fixture.hubUrl : fixture.arbitrumUrl) }),
  projectRoot: dir,
});

async function draftOf(chainId: number, label: string, title = `Vault V2 on ${chainId}`) {
  const action = fixture.upgradeActions().find((a) => a.chainId === chainId);
  if (!action) throw new Error(`the fixture upgrades chain ${chainId}`);
  const draft = await buildProposalDraft(hubClient(), {
    council: { chainId: 1, address: fixture.council },
    title,
    audit,
    actions: [{ ...action, label, network: chainId === 1 ? 'ethereum' : 'arbitrum' }],
    rollbackPlan: 'propose the upgrade back to VaultV1',
    rpcUrls: rpcUrls(),
  });
  return recordGates(contextOf(draft), { gates });
}

describe('a proposal file from draft to submission', () => {
  it('drafts with the running implementation, codehashes, activation plan and gate records', async () => {
    const draft = await draftOf(42161, 'vault');
    const [action] = draft.actions;
    expect(action).toMatchObject({
      network: 'arbitrum',
      label: 'vault',
      previousImplementation: fixture.addresses.vaultV1,
      implementation: fixture.addresses.vaultV2,
    });
    expect(action?.previousCodehash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(action?.previousCodehash).not.toBe(action?.codehash);
    // The default config: a two-day council timelock; the hub's lead from its chain config.
    expect(draft.activation?.timelockDelaySeconds).toBe(2 * 24 * 3600);
    const chain = draft.activation?.chains[0];
    expect(chain?.chainId).toBe(42161);
    expect(draft.activation?.leadSeconds).toBe((chain?.deliveryMarginSeconds ?? 0) + (chain?.minDelaySeconds ?? 0));
    expect(chain?.referenceBlock?.number).toBeGreaterThan(0);
    expect(draft.gates).toEqual([expect.objectContaining({ name: 'test-label', status: 'passed' })]);
    const path = join(dir, 'draft.json');
    await writeProposalFile(path, draft);
    expect(await readProposalFile(path)).toEqual(draft);
  });

  it('records a failing gate, refuses it until overridden, and keeps the reason on a re-run', async () => {
    const failing = await draftOf(1, 'blocked');
    expect(failing.gates[0]).toMatchObject({ status: 'failed', summary: '1 blocked action(s)' });
    expect(() => assertGatesPassed(failing.gates, gates)).toThrow(/--override test-label="<reason>"/);
    await expect(submitWithGates(failing)).rejects.toMatchObject({ reason: 'gate-failed' });

    const overridden = await recordGates(contextOf(failing), {
      gates,
      overrides: { 'test-label': 'reviewed by A and B' },
    });
    expect(overridden.gates[0]).toMatchObject({ status: 'overridden', override: { reason: 'reviewed by A and B' } });
    const rerun = await recordGates(contextOf(overridden), { gates });
    expect(rerun.gates[0]?.override).toEqual(overridden.gates[0]?.override);
    expect(() => assertGatesPassed(rerun.gates, gates)).not.toThrow();
  });

  it('submits a draft: the proposal id and digest recompute from the file, even after another proposal in the same block', async () => {
    const draft = await draftOf(42161, 'vault');
    // Another member's proposal lands first in the same block: the file's nonce is the next one.
    const test = createTestClient({ mode: 'anvil', transport: http(fixture.hubUrl) });
    await test.setAutomine(false);
    const pending = async (count: number) => {
      const pool = await test.getTxpoolContent();
      while (Object.values(pool.pending).flatMap((byNonce) => Object.values(byNonce)).length < count) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        Object.assign(pool, await test.getTxpoolContent());
      }
    };
    let submitted: ProposalDocument;
    let otherId: Hex;
    try {
      const other = fixture.propose();
      await pending(1);
      const ours = submitProposal(fixture.clientOf(2), { document: draft, rpcUrls: rpcUrls() });
      await pending(2);
      await test.mine({ blocks: 1 });
      [submitted, otherId] = await Promise.all([ours, other]);
    } finally {
      await test.setAutomine(true);
    }
    const { submission } = submitted;
    if (!submission) throw new Error('submitted');
    // Both in one block, the other first: nonce 0 was taken after the submission read the council's.
    const record = await readContract(hubClient(), {
      address: fixture.council,
      abi: securityCouncilAbi,
      functionName: 'proposal',
      args: [otherId],
    });
    expect(record.createdAt).toBe(submission.proposedAt);
    expect(submission.nonce).toBe('1');
    expect(
      upgradeProposalId({
        council: fixture.council,
        chainId: 1,
        nonce: BigInt(submission.nonce),
        contentHash: draft.contentHash,
      }),
    ).toBe(submission.proposalId);
    expect(submission.blockNumber).toBeLessThanOrEqual(Number(await getBlockNumber(hubClient())));
    const path = join(dir, 'submitted.json');
    await writeProposalFile(path, submitted);
    expect((await readProposalFile(path)).submission).toEqual(submission);
    await expect(submitProposal(fixture.clientOf(2), { document: submitted })).rejects.toThrow(/already submitted/);

    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(`"nonce": "${submission.nonce}"`, `"nonce": "${Number(submission.nonce) + 7}"`));
    await expect(readProposalFile(path)).rejects.toMatchObject({ reason: 'tampered' });
  });

  it('merges two drafts into one ceremony, submitted once, and announces it', async () => {
    const a = await draftOf(1, 'vault', 'Vault V2 on ethereum');
    const b = await draftOf(42161, 'vault', 'Vault V2 on arbitrum');
    expect(() => mergeProposals(a, a)).toThrow(/both files upgrade/);
    const otherAudit = { ...b, audit: { hash: keccak256(toHex('another audit')), uri: '' } };
    expect(() => mergeProposals(a, otherAudit)).toThrow(/--audit-hash/);

    const merged = mergeProposals(a, b);
    expect(merged.mergedFrom).toEqual([
      { title: a.title, contentHash: a.contentHash },
      { title: b.title, contentHash: b.contentHash },
    ]);
    expect(merged.actions.map((x) => x.chainId)).toEqual([1, 42161]);
    const planned = await withActivationPlan(hubClient(), merged, rpcUrls());
    expect(planned.activation?.chains.map((c) => c.chainId)).toEqual([1, 42161]);
    const gated = await recordGates(contextOf(planned), { gates });
    const submitted = await submitProposal(fixture.clientOf(3), { document: gated, rpcUrls: rpcUrls() });
    expect(() => mergeProposals(submitted, a)).toThrow(/only drafts merge/);

    const notice = renderAnnouncement(submitted);
    expect(notice).toContain('# Upgrade notice: Vault V2 on ethereum + Vault V2 on arbitrum');
    expect(notice).toContain(`| Proposal | \`${submitted.submission?.proposalId}\``);
    expect(notice).toContain(`\`${fixture.addresses.vaultV2}\`<br>codehash \`${submitted.actions[0]?.codehash}\``);
    expect(notice).toContain('ipfs://audit-v2');
    expect(notice).toMatch(/not before \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    // A block estimate per chain, from the plan's measured block time and reference block.
    expect(notice.match(/\| ≈ \d+ \|/g)).toHaveLength(2);
    expect(notice).toContain('propose the upgrade back to VaultV1');
    expect(notice).toContain('| test-label | passed | nothing blocked |');
  });
});

async function submitWithGates(document: ProposalDocument) {
  assertGatesPassed(document.gates, gates);
  return submitProposal(fixture.clientOf(2), { document });
}
