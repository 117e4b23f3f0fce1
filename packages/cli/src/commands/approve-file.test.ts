import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ownableAbi, securityCouncilAbi } from '@lockstep/client';
import { type ProposalDocument, proposalApprovalTypedData, writeProposalFile } from '@lockstep/core/proposal';
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  keccak256,
  toHex,
} from 'viem';
import { describe, expect, it } from 'vitest';
// Test scaffolding shared with core's council and signing tests.
import { member } from '../../../core/src/council/test-fixture.js';
import { castSignTypedData, proposeFile } from '../../../core/src/proposal/signatures-fixture.js';
import { DEPLOY_TIMEOUT, useCouncilDevnet } from '../test-support.js';

const { devnet, lockstep } = useCouncilDevnet('cli-approve-file-');

/** Proposes on the devnet's council as member 1 and writes the submitted proposal file. */
async function proposalFile(name: string, data: Hex = '0x'): Promise<{ path: string; document: ProposalDocument }> {
  const { cwd, addresses, rpcUrls } = devnet();
  const client = createWalletClient({ account: member(1), transport: http(rpcUrls.ethereum) });
  const { vault, vaultV2, council } = addresses;
  if (!vault || !vaultV2 || !council) throw new Error('the devnet has the council and the example vault');
  const document = await proposeFile(client, {
    council,
    actions: [
      { chainId: 1, proxy: vault, implementation: vaultV2 },
      { chainId: 42161, proxy: vault, implementation: vaultV2, data },
    ],
    rpcUrls: { 42161: rpcUrls.arbitrum ?? '' },
    title: name,
  });
  const path = join(cwd, `${name}.json`);
  await writeProposalFile(path, document);
  return { path, document };
}

async function approvalDigest(proposalId: Hex): Promise<Hex> {
  const { rpcUrls, addresses } = devnet();
  return createPublicClient({ transport: http(rpcUrls.ethereum) }).readContract({
    address: addresses.council ?? '0x',
    abi: securityCouncilAbi,
    functionName: 'approvalDigest',
    args: [proposalId],
  });
}

type VerifyJson = {
  proposalId: Hex;
  digest: Hex;
  domainSeparator: Hex;
  onChain: { digest: Hex; matches: boolean } | null;
  description: { flags: { kind: string; message: string }[] };
};

describe('lockstep verify-digest', () => {
  it(
    "recomputes the digest from the file alone, equal to the council's approvalDigest",
    async () => {
      const { path, document } = await proposalFile('verify');
      const offline = await lockstep('verify-digest', path, '--json');
      expect(offline.code, offline.stderr).toBe(0);
      const json = JSON.parse(offline.stdout) as VerifyJson;
      expect(json.proposalId).toBe(document.submission?.proposalId);
      expect(json.digest).toBe(await approvalDigest(json.proposalId));
      expect(json.onChain).toBeNull();
      // The example deployment names every address: nothing to flag.
      expect(json.description.flags).toEqual([]);

      const checked = await lockstep('verify-digest', path, '--rpc-url', devnet().rpcUrls.ethereum ?? '');
      expect(checked.code, checked.stderr).toBe(0);
      expect(checked.stdout).toContain(`digest            ${json.digest}`);
      expect(checked.stdout).toContain(`domain separator  ${json.domainSeparator}`);
      expect(checked.stdout).toMatch(/on chain {10}equal to the council's approvalDigest \(chain 1\)/);
      expect(checked.stdout).toMatch(/proxy 0x[0-9a-fA-F]{40} example vault proxy \(deployments\/ethereum\.json\)/);

      const text = await readFile(path, 'utf8');
      await writeFile(path, text.replace(`"nonce": "${document.submission?.nonce}"`, '"nonce": "77"'));
      const tampered = await lockstep('verify-digest', path);
      expect(tampered.code).toBe(1);
      expect(tampered.stderr).toMatch(/submission\.proposalId is not the id .* do not sign it/);
    },
    DEPLOY_TIMEOUT,
  );
});

describe('lockstep approve --proposal-file', () => {
  it(
    'exports the typed data, imports what cast signed over it, signs into the file, and submits the file',
    async () => {
      const { path, document } = await proposalFile('external');
      const typedDataPath = join(devnet().cwd, 'external.typed-data.json');
      const exported = await lockstep('approve', '--proposal-file', path, '--typed-data-out', typedDataPath, '--json');
      expect(exported.code, exported.stderr).toBe(0);
      expect(JSON.parse(exported.stdout)).toMatchObject({ step: 'exported', digest: document.submission?.digest });

      const signature = await castSignTypedData(member(2), typedDataPath);
      const imported = await lockstep('approve', '--proposal-file', path, '--import-signature', signature);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toContain(`${member(2).address}: signature checked and added to ${path}`);

      // A member's signature of another proposal: refused, and the file is left as it was.
      const foreign = await member(3).signTypedData(
        proposalApprovalTypedData(document.council, keccak256(toHex('another proposal'))),
      );
      const refused = await lockstep('approve', '--proposal-file', path, '--import-signature', foreign);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/recovers to 0x[0-9a-fA-F]{40}, which is not a council member/);
      const misfiled = await lockstep(
        'approve',
        '--proposal-file',
        path,
        '--import-signature',
        foreign,
        '--signer',
        member(3).address,
      );
      expect(misfiled.code).toBe(1);
      expect(misfiled.stderr).toContain(`the signature given for ${member(3).address} recovers to`);
      expect(JSON.parse(await readFile(path, 'utf8')).signatures).toHaveLength(1);

      // Config members 0, 2-5 (mnemonic 1, 3-6) sign into the file: six with cast's.
      for (const i of ['0', '2', '3', '4', '5']) {
        const run = await lockstep('approve', '--proposal-file', path, '--member', i, '--yes');
        expect(run.code, run.stderr).toBe(0);
      }
      const signers = (JSON.parse(await readFile(path, 'utf8')) as ProposalDocument).signatures.map((s) => s.signer);
      expect(signers).toHaveLength(6);

      const submitted = await lockstep('approve', '--submit', path, '--member', '8', '--json');
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(JSON.parse(submitted.stdout)).toMatchObject({
        step: 'submitted',
        proposalId: document.submission?.proposalId,
        approvals: 6,
      });
    },
    DEPLOY_TIMEOUT,
  );

  it(
    'flags an ownership change and an unknown address before a member signs',
    async () => {
      const stranger = getAddress(keccak256(toHex('stranger')).slice(0, 42));
      const data = encodeFunctionData({ abi: ownableAbi, functionName: 'transferOwnership', args: [stranger] });
      const { path } = await proposalFile('handover', data);
      const run = await lockstep('approve', '--proposal-file', path, '--member', '0');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/proxy 0x[0-9a-fA-F]{40} example\.vault \(registry\)/);
      expect(run.stderr).toContain(`newOwner (address) = ${stranger} ⚠ unknown`);
      expect(run.stderr).toContain('⚠ 2 FLAG(S) — read each before signing:');
      expect(run.stderr).toMatch(
        /⚠ OWNERSHIP CHANGE: 0x[0-9a-fA-F]{40} example\.vault \(registry\) on chain 42161 runs transferOwnership/,
      );
      expect(run.stderr).toMatch(/refusing to sign without confirmation/);
      expect(JSON.parse(await readFile(path, 'utf8')).signatures).toEqual([]);

      const verified = await lockstep('verify-digest', path, '--json');
      const { description } = JSON.parse(verified.stdout) as VerifyJson;
      expect(description.flags.map((f) => f.kind)).toEqual(['ownership', 'unknown-address']);
    },
    DEPLOY_TIMEOUT,
  );
});
