/**
 * Test scaffolding (not exported): proposes an upgrade on a real council with `proposeUpgrade` and
 * returns the submitted proposal file for it, as `lockstep propose --file` records one. Shared by
 * the signing tests of core and the CLI. And a signature by Foundry's cast over typed-data JSON.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { securityCouncilAbi } from '@lockstep/client';
import { nativeBinary } from '@lockstep/toolchain';
import { type Address, type HDAccount, type Hex, keccak256, toHex } from 'viem';
import { getChainId, getTransactionReceipt, readContract } from 'viem/actions';
import { type ProposeActionInput, proposeUpgrade } from '../council/propose-upgrade.js';
import type { CouncilWriteClient } from '../council/types.js';
import { draftProposal } from '../testing/devnet-fixture.js';
import { type ProposalDocument, proposalContentHash, upgradeProposalId } from './document.js';

/** The council's proposal nonces tried to find the one an id was made with. */
const MAX_NONCE = 1000n;

export async function proposeFile(
  client: CouncilWriteClient,
  parameters: {
    council: Address;
    actions: ProposeActionInput[];
    rpcUrls?: Readonly<Record<number, string>>;
    title?: string;
  },
): Promise<ProposalDocument> {
  const { council, actions, rpcUrls = {}, title = 'Vault V2' } = parameters;
  const audit = { hash: keccak256(toHex(`audit of ${title}`)), uri: 'ipfs://audit' };
  const result = await proposeUpgrade(client, {
    council,
    actions,
    auditReportHash: audit.hash,
    auditReportUri: audit.uri,
    rpcUrls,
  });
  const [receipt, digest, chainId] = await Promise.all([
    getTransactionReceipt(client, { hash: result.hash }),
    readContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'approvalDigest',
      args: [result.proposalId],
    }),
    getChainId(client),
  ]);
  const contentHash = proposalContentHash(result.actions, audit.hash);
  let nonce = 0n;
  while (upgradeProposalId({ council, chainId, nonce, contentHash }) !== result.proposalId) {
    nonce += 1n;
    if (nonce > MAX_NONCE) throw new Error(`no nonce up to ${MAX_NONCE} gives proposal ${result.proposalId}`);
  }
  return {
    ...draftProposal({ council, chainId, actions: result.actions, title, description: '', audit }),
    submission: {
      nonce: nonce.toString(),
      proposalId: result.proposalId,
      digest: digest as Hex,
      txHash: result.hash,
      blockNumber: Number(receipt.blockNumber),
      proposedAt: 1,
      expiresAt: result.expiresAt,
    },
  };
}

/** Signs the typed-data JSON at `path` with Foundry's `cast wallet sign --data --from-file` (a signer no one here wrote). */
export async function castSignTypedData(account: HDAccount, path: string): Promise<Hex> {
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`no private key for ${account.address}`);
  const { stdout } = await promisify(execFile)(nativeBinary('cast'), [
    'wallet',
    'sign',
    '--private-key',
    toHex(key),
    '--data',
    '--from-file',
    path,
  ]);
  return stdout.trim() as Hex;
}
