/**
 * The council's part of a drill, through the same library calls a release manager's scripts use:
 * propose, show each member what it signs and collect offline approvals, submit, schedule in the
 * timelock, and (after the delay) execute, which makes the hub dispatch one message per chain.
 */
import { batchingRpcHttp } from '@lockstep/core/chain';
import {
  type ChainAction,
  type DispatchedMessage,
  describeApproval,
  executeCancel,
  executeProposal,
  type HubLogFields,
  proposeCancel,
  proposeUpgrade,
  scheduleProposal,
  signApproval,
  submitApprovals,
} from '@lockstep/core/council';
import { type Address, createWalletClient, type Hex, keccak256, toHex } from 'viem';
import { councilIndex, testAccount } from '../../setup/keys.js';

export type CouncilFlowParameters = {
  hubRpcUrl: string;
  council: Address;
  /**
   * The upgrades, each naming the implementation its proxy must still run when it executes
   * (`previousImplementation`, read from that chain's registry: the receiver refuses any other).
   */
  actions: readonly (Omit<ChainAction, 'codehash' | 'data'> & { previousImplementation: Address })[];
  /** RPC URL per chain id, to read (and show members) each implementation's codehash. */
  rpcUrls: Record<number, string>;
  threshold: number;
  label: string;
};

export type ProposeAndApproveReturnType = {
  proposalId: Hex;
  actions: ChainAction[];
  readyAt: bigint;
  signers: Address[];
};

/** A member's client on the hub: the members' reviews, read at once, share the URL's batches. */
const memberClient = (index: number, rpcUrl: string) =>
  createWalletClient({ account: testAccount(councilIndex(index)), transport: batchingRpcHttp(rpcUrl) });

/** Member 0 proposes; members 0..threshold-1 review and sign offline; member 0 submits and schedules. */
export async function proposeAndApprove(parameters: CouncilFlowParameters): Promise<ProposeAndApproveReturnType> {
  const { hubRpcUrl, council, rpcUrls, threshold } = parameters;
  const proposer = memberClient(0, hubRpcUrl);
  const proposed = await proposeUpgrade(proposer, {
    council,
    actions: parameters.actions,
    auditReportHash: keccak256(toHex(`audit: ${parameters.label}`)),
    auditReportUri: `drill://${parameters.label}`,
    rpcUrls,
  });
  const approvals = await Promise.all(
    Array.from({ length: threshold }, async (_, i) => {
      const member = memberClient(i, hubRpcUrl);
      const described = await describeApproval(member, { council, proposalId: proposed.proposalId, rpcUrls });
      return signApproval(member.account, described);
    }),
  );
  const submitted = await submitApprovals(proposer, { council, proposalId: proposed.proposalId, approvals });
  const scheduled = await scheduleProposal(proposer, { council, proposalId: proposed.proposalId });
  return {
    proposalId: proposed.proposalId,
    actions: proposed.actions,
    readyAt: scheduled.readyAt,
    signers: submitted.signers,
  };
}

/** Executes the timelocked proposal: the hub dispatches one message per chain. */
export async function dispatch(
  hubRpcUrl: string,
  council: Address,
  proposalId: Hex,
): Promise<{ messages: Omit<DispatchedMessage, HubLogFields>[]; hash: Hex }> {
  const result = await executeProposal(memberClient(0, hubRpcUrl), { council, proposalId });
  return { messages: result.messages, hash: result.hash };
}

export type CancelProposalParameters = {
  hubRpcUrl: string;
  council: Address;
  /** The scheduled upgrade to veto. */
  proposalId: Hex;
  /** Approvals a cancel needs: the council's emergency threshold. */
  threshold: number;
};

/** Member 0 proposes the veto; members 0..threshold-1 sign it offline; member 0 submits and executes it. */
export async function cancelProposal(parameters: CancelProposalParameters): Promise<{ cancelId: Hex }> {
  const { hubRpcUrl, council, threshold } = parameters;
  const proposer = memberClient(0, hubRpcUrl);
  const { cancelId } = await proposeCancel(proposer, { council, proposalId: parameters.proposalId });
  const approvals = await Promise.all(
    Array.from({ length: threshold }, async (_, i) => {
      const member = memberClient(i, hubRpcUrl);
      return signApproval(member.account, await describeApproval(member, { council, proposalId: cancelId }));
    }),
  );
  await submitApprovals(proposer, { council, proposalId: cancelId, approvals });
  await executeCancel(proposer, { council, cancelId });
  return { cancelId };
}
