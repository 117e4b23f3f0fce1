/**
 * `lockstep proposal safe-export` / `safe-import` against a council with a Safe 1.4.1 member
 * (core's council and Safe fixtures): the exported SafeMessage is what the owners sign, the import
 * files the Safe's ERC-1271 signature in the proposal, and the council counts it when `lockstep approve --submit` relays it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securityCouncilAbi } from '@lockstep/client';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  parseAbi,
  parseEther,
  type TypedDataDefinition,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test scaffolding shared with core's council and Safe tests (anvils, deployAll, Safe 1.4.1).
import { type CouncilFixture, startCouncilFixture } from '../../../core/src/council/test-fixture.js';
import { readProposalFile, writeProposalFile } from '../../../core/src/proposal/document.js';
import { batchChecksum, type SafeBatchFile } from '../../../core/src/safe/batch.js';
import { safeMessageHash, safeMessageTypedData } from '../../../core/src/safe/message.js';
import { OWNERS, type SafeFixture, startSafeFixture } from '../../../core/src/safe/test-fixture.js';
import { DEPLOY_TIMEOUT, runLockstep } from '../test-support.js';

let fixture: CouncilFixture;
let safes: SafeFixture;
let dir: string;

const run = (args: string[]) => runLockstep(args, { cwd: dir });

beforeAll(async () => {
  fixture = await startCouncilFixture();
  safes = await startSafeFixture(fixture);
  dir = await mkdtemp(join(tmpdir(), 'cli-safe-'));
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('lockstep proposal safe-export / safe-import', () => {
  it('export → owners sign the SafeMessage → import → relayed, the council counts the Safe', async () => {
    const file = join(dir, 'vault-v2.json');
    await writeProposalFile(file, await safes.proposeFile());
    const batchPath = join(dir, 'batch.json');
    const messagePath = join(dir, 'message.json');
    const exported = await run([
      'proposal',
      'safe-export',
      file,
      '--safe',
      safes.safe,
      '-o',
      batchPath,
      '--message-out',
      messagePath,
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const batch = JSON.parse(await readFile(batchPath, 'utf8')) as SafeBatchFile;
    expect(batchChecksum(batch)).toBe(batch.meta.checksum);
    expect(batch.meta.createdFromSafeAddress).toBe(safes.safe);

    // Two owners sign the exported typed data as an external EIP-712 signer would.
    const message = JSON.parse(await readFile(messagePath, 'utf8'));
    const { EIP712Domain: _domain, ...types } = message.types;
    const typedData = { ...message, types } as TypedDataDefinition;
    const signatures = await Promise.all([OWNERS[1], OWNERS[2]].map((o) => o.signTypedData(typedData)));
    const sigPath = join(dir, 'owners.txt');
    await writeFile(sigPath, `${signatures.join('\n')}\n`);

    const safeImport = (signatures: string, ...more: string[]) =>
      run([
        'proposal',
        'safe-import',
        file,
        '--safe',
        safes.safe,
        '--signatures',
        signatures,
        '--rpc-url',
        fixture.hubUrl,
        ...more,
      ]);
    const short = await safeImport(signatures[0] ?? '');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('its threshold is 2 of 3');
    expect((await readProposalFile(file)).signatures).toEqual([]);

    const imported = await safeImport(sigPath, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const result = JSON.parse(imported.stdout) as { signature: { signer: string; scheme: string; signature: Hex } };
    expect(result.signature).toMatchObject({ signer: safes.safe, scheme: 'erc1271' });

    const document = await readProposalFile(file);
    expect(document.signatures).toEqual([result.signature]);
    const proposalId = document.submission?.proposalId ?? '0x';
    // Relayed by `lockstep approve --submit <proposal file>`: the Safe's entry keeps its ERC-1271 scheme.
    const submitted = await run([
      'approve',
      '--submit',
      file,
      '--rpc-url',
      fixture.hubUrl,
      '--council',
      fixture.council,
      '--member',
      '4',
      '--json',
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(JSON.parse(submitted.stdout)).toMatchObject({ step: 'submitted', proposalId, approvals: 1 });
    const approved = await createPublicClient({ transport: http(fixture.hubUrl) }).readContract({
      address: fixture.council,
      abi: securityCouncilAbi,
      functionName: 'hasApproved',
      args: [proposalId, safes.safe],
    });
    expect(approved).toBe(true);
  });

  it(
    'counts an owner that approved the SafeMessage hash on chain; refuses a malformed --contract-signature',
    async () => {
      const file = join(dir, 'pre-approved.json');
      const document = await safes.proposeFile();
      await writeProposalFile(file, document);
      const message = { safe: safes.safe, chainId: 1, digest: document.submission?.digest ?? '0x' };
      const transport = http(fixture.hubUrl);
      await createTestClient({ mode: 'anvil', transport }).setBalance({
        address: OWNERS[0].address,
        value: parseEther('1'),
      });
      const approve = await createWalletClient({ account: OWNERS[0], transport }).writeContract({
        address: safes.safe,
        abi: parseAbi(['function approveHash(bytes32 hashToApprove)']),
        functionName: 'approveHash',
        args: [safeMessageHash(message)],
        chain: null,
      });
      await createPublicClient({ transport }).waitForTransactionReceipt({ hash: approve });
      const signature = await OWNERS[2].signTypedData(safeMessageTypedData(message));
      const args = ['proposal', 'safe-import', file, '--safe', safes.safe, '--rpc-url', fixture.hubUrl];

      const malformed = await run([...args, '--contract-signature', `${OWNERS[1].address}:0x1234`]);
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain('expected <owner address>=<0x signature>');

      const imported = await run([...args, '--signatures', signature, '--json']);
      expect(imported.code, imported.stderr).toBe(0);
      const result = JSON.parse(imported.stdout) as { signers: { owner: string; kind: string }[] };
      expect(result.signers).toEqual(
        expect.arrayContaining([
          { owner: OWNERS[0].address, kind: 'approved-hash' },
          { owner: OWNERS[2].address, kind: 'ecdsa' },
        ]),
      );
    },
    DEPLOY_TIMEOUT,
  );
});
