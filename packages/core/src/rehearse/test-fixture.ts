/**
 * Test scaffolding (not exported): a devnet (`startLockstepDevnet`: the default config's local
 * chains with Lockstep and the example vault deployed), and proposal files upgrading the vault built
 * with the proposal document module (a draft, or submitted on the devnet's council and signed by
 * members).
 */
import { securityCouncilAbi, vaultV1Abi } from '@lockstep/client';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
} from 'viem';
import { readContract } from 'viem/actions';
import type { LockstepConfig } from '../config/schema.js';
import { proposeUpgrade } from '../council/propose-upgrade.js';
import { member } from '../council/test-fixture.js';
import type { DeploymentAddresses } from '../deploy/deployment.js';
import {
  type ProposalAction,
  type ProposalDocument,
  proposalApprovalTypedData,
  proposalContentHash,
  upgradeProposalId,
} from '../proposal/document.js';
import { readRegistryEntry } from '../registry/read-registry-entry.js';
import { type DevnetNetwork, draftProposal, startLockstepDevnet, TEST_AUDIT } from '../testing/devnet-fixture.js';

export type RehearsalDevnet = {
  networks: readonly DevnetNetwork[];
  rpcUrls: Record<string, string>;
  addresses: DeploymentAddresses;
  vault: Address;
  vaultV2: Address;
  stop(): Promise<void>;
};

/** A devnet of `networks` (default: all four) for rehearsals; `configure` changes the deployment's config. */
export async function startRehearsalDevnet(
  options: { networks?: readonly DevnetNetwork[]; configure?: (config: LockstepConfig) => void } = {},
): Promise<RehearsalDevnet> {
  const devnet = await startLockstepDevnet(options);
  const { vault, vaultV2 } = devnet.addresses;
  if (!vault || !vaultV2) {
    await devnet.stop();
    throw new Error('the local deployment has the example vault');
  }
  return { ...devnet, vault, vaultV2 };
}

/** The vault's V2 upgrade on `chainIds`, each action completed from its chain (`data` run by `upgradeToAndCall`). */
export async function vaultActions(
  devnet: RehearsalDevnet,
  chainIds: readonly number[],
  data: Hex = '0x',
): Promise<ProposalAction[]> {
  return Promise.all(
    chainIds.map(async (chainId) => {
      const network = devnet.networks.find((n) => n.chainId === chainId);
      const client = createPublicClient({ transport: http(devnet.rpcUrls[network?.name ?? '']) });
      const entry = await readRegistryEntry(client, { receiver: devnet.addresses.receiver, proxy: devnet.vault });
      const code = await client.getCode({ address: devnet.vaultV2 });
      if (!code) throw new Error('no VaultV2 code');
      return {
        chainId,
        network: network?.name,
        proxy: devnet.vault,
        label: 'vault',
        previousImplementation: entry.implementation,
        implementation: devnet.vaultV2,
        codehash: keccak256(code),
        data,
      };
    }),
  );
}

/** `transferOwnership(to)` of the vault, as `upgradeToAndCall` data: a change no upgrade implies. */
export function transferOwnershipData(to: Address): Hex {
  return encodeFunctionData({ abi: vaultV1Abi, functionName: 'transferOwnership', args: [to] });
}

/** A draft proposal file of `actions` (no submission, no signatures). */
export function draftDocument(devnet: RehearsalDevnet, actions: ProposalAction[]): ProposalDocument {
  const council = devnet.addresses.council;
  if (!council) throw new Error('no council');
  return draftProposal({ council, actions });
}

/** `actions` proposed on the devnet's council by member 1, signed by `signers` (member indices 1-9). */
export async function submittedDocument(
  devnet: RehearsalDevnet,
  actions: ProposalAction[],
  signers: readonly number[],
): Promise<ProposalDocument> {
  const draft = draftDocument(devnet, actions);
  const hubUrl = devnet.rpcUrls.ethereum ?? '';
  const client = createWalletClient({ account: member(1), transport: http(hubUrl) });
  const hubReader = createPublicClient({ transport: http(hubUrl) });
  const result = await proposeUpgrade(client, {
    council: draft.council.address,
    actions,
    auditReportHash: TEST_AUDIT.hash,
    auditReportUri: TEST_AUDIT.uri,
  });
  const receipt = await hubReader.getTransactionReceipt({ hash: result.hash });
  const block = await hubReader.getBlock({ blockNumber: receipt.blockNumber });
  const nonce = nonceOf(draft.council.address, result.proposalId, actions);
  const typedData = proposalApprovalTypedData(draft.council, result.proposalId);
  const signatures = await Promise.all(
    signers.map(async (i) => ({ signer: member(i).address, signature: await member(i).signTypedData(typedData) })),
  );
  return {
    ...draft,
    submission: {
      nonce: String(nonce),
      proposalId: result.proposalId,
      digest: await readContract(hubReader, {
        address: draft.council.address,
        abi: securityCouncilAbi,
        functionName: 'approvalDigest',
        args: [result.proposalId],
      }),
      txHash: result.hash,
      blockNumber: Number(receipt.blockNumber),
      proposedAt: Number(block.timestamp),
      expiresAt: result.expiresAt,
    },
    signatures,
  };
}

/** The council nonce the proposal id was made with: the one of 0..63 that gives it. */
function nonceOf(council: Address, proposalId: Hex, actions: ProposalAction[]): bigint {
  const contentHash = proposalContentHash(actions, TEST_AUDIT.hash);
  for (let nonce = 0n; nonce < 64n; nonce++) {
    if (upgradeProposalId({ council, chainId: 1, nonce, contentHash }) === proposalId) return nonce;
  }
  throw new Error(`no nonce below 64 gives ${proposalId}`);
}
