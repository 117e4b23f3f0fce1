/**
 * The hub's half of a rehearsal, through the real path on the forked hub: the proposal (created
 * on the fork from a draft, by an impersonated member; or the one the file says was submitted
 * before the fork block), the file's signatures (`approveBySig`), the timelock's delay warped
 * past, `schedule`, then `execute`, which dispatches one message per target chain.
 */
import { securityCouncilAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { approveOnChain } from '../council/approve-on-chain.js';
import { executeProposal } from '../council/execute-proposal.js';
import { proposeUpgrade } from '../council/propose-upgrade.js';
import { type ProposalRecord, readProposal } from '../council/read-proposal.js';
import { scheduleProposal } from '../council/schedule-proposal.js';
import { submitApprovals } from '../council/submit-approvals.js';
import { CouncilError } from '../errors/council.js';
import type { DispatchedMessage, HubLogFields } from '../message/dispatched.js';
import { type ProposalDocument, proposalContentHash } from '../proposal/document.js';
import { RehearsalError } from './errors.js';
import { asImpersonated, type ForkedChain, warpTo } from './fork.js';
import type { RehearsalApprovals, RehearsalTransaction } from './types.js';

export type HubStageParameters = {
  document: ProposalDocument;
  hub: ForkedChain;
  /** Fork RPCs by chain id (a draft's actions are completed and checked against the forks). */
  forkUrls: Readonly<Record<number, string>>;
  /** Impersonate the members whose approval the file lacks, instead of stopping short of quorum. */
  impersonateMissing: boolean;
  /** Each transaction sent on the hub, as it is mined. */
  record(transaction: RehearsalTransaction): void;
  onStep?: (step: string) => void;
};

export type HubStageReturnType = {
  proposalId: Hex;
  /** `existing`: submitted before the fork block; `created-on-fork`: the file is a draft. */
  origin: 'existing' | 'created-on-fork';
  approvals: RehearsalApprovals;
  messages: Omit<DispatchedMessage, HubLogFields>[];
};

/** Runs the hub's half; see the module comment. Throws `RehearsalError` when it cannot go on. */
export async function runHubStage(parameters: HubStageParameters): Promise<HubStageReturnType> {
  const { document, hub, record } = parameters;
  const council = document.council.address;
  const step = parameters.onStep ?? (() => {});
  const { proposalId, origin } = await findOrCreateProposal(parameters);
  let proposal = await readProposal(hub.client, council, proposalId);
  if (proposal.status !== 'pending' && proposal.status !== 'scheduled') {
    throw new RehearsalError(
      `proposal ${proposalId} is ${proposal.status} on the hub at the fork block: there is nothing left to rehearse`,
      { reason: 'proposal-not-pending' },
    );
  }
  if (proposal.expiresAt <= Number((await hub.client.getBlock()).timestamp)) {
    throw new RehearsalError(`proposal ${proposalId} expired at ${proposal.expiresAt}: propose it again`, {
      reason: 'proposal-not-pending',
    });
  }

  let approvals: RehearsalApprovals = {
    quorum: proposal.quorum,
    beforeRehearsal: proposal.approvals,
    fromSignatures: [],
    impersonated: [],
    realSignatures: true,
  };
  if (proposal.status === 'pending') {
    approvals = await approve(parameters, proposalId, proposal);
    step(
      `approved: ${approvals.fromSignatures.length} signature(s) from the file, ${approvals.impersonated.length} impersonated`,
    );
    const scheduled = await scheduleProposal(hub.operator, { council, proposalId });
    record({ chainId: hub.chainId, step: 'schedule', hash: scheduled.hash });
    proposal = await readProposal(hub.client, council, proposalId);
  }
  const readyAt = proposal.operation?.readyAt;
  if (readyAt === undefined) {
    throw new RehearsalError(`proposal ${proposalId} has no timelock operation after schedule`, {
      reason: 'step-failed',
    });
  }
  await warpTo(hub, readyAt);
  step(`timelock delay warped past (ready at ${readyAt})`);
  const executed = await executeProposal(hub.operator, { council, proposalId });
  record({ chainId: hub.chainId, step: 'execute (dispatch)', hash: executed.hash });
  step(`executed: ${executed.messages.length} message(s) dispatched`);
  return { proposalId, origin, approvals, messages: executed.messages };
}

async function findOrCreateProposal(
  parameters: HubStageParameters,
): Promise<{ proposalId: Hex; origin: HubStageReturnType['origin'] }> {
  const { document, hub } = parameters;
  const council = document.council.address;
  const { submission } = document;
  if (submission) {
    if (BigInt(submission.blockNumber) > hub.forkBlock) {
      throw new RehearsalError(
        `the file's proposal was submitted in hub block ${submission.blockNumber}, after the fork block ${hub.forkBlock} — rehearse against an RPC that has that block`,
        { reason: 'proposal-not-on-fork' },
      );
    }
    try {
      await readProposal(hub.client, council, submission.proposalId);
    } catch (cause) {
      if (!(cause instanceof CouncilError && cause.reason === 'unknown-proposal')) throw cause;
      throw new RehearsalError(
        `the file's proposal ${submission.proposalId} is not on council ${council} at hub block ${hub.forkBlock} — is the hub RPC the chain the file was submitted on?`,
        { reason: 'proposal-not-on-fork', cause },
      );
    }
    return { proposalId: submission.proposalId, origin: 'existing' };
  }
  const [proposer] = await hub.client.readContract({
    address: council,
    abi: securityCouncilAbi,
    functionName: 'members',
  });
  if (!proposer) throw new RehearsalError(`council ${council} has no members on the fork`, { reason: 'step-failed' });
  const created = await asImpersonated(hub, proposer, (client) =>
    proposeUpgrade(client, {
      council,
      actions: document.actions,
      auditReportHash: document.audit.hash,
      auditReportUri: document.audit.uri,
      rpcUrls: parameters.forkUrls,
    }),
  );
  parameters.record({ chainId: hub.chainId, step: `propose (draft, as member ${proposer})`, hash: created.hash });
  if (proposalContentHash(created.actions, document.audit.hash) !== document.contentHash) {
    throw new RehearsalError('the proposal created on the fork commits to other actions than the file', {
      reason: 'step-failed',
    });
  }
  return { proposalId: created.proposalId, origin: 'created-on-fork' };
}

async function approve(
  parameters: HubStageParameters,
  proposalId: Hex,
  proposal: ProposalRecord,
): Promise<RehearsalApprovals> {
  const { document, hub, record } = parameters;
  const council = document.council.address;
  const hasApproved = (member: Address) =>
    hub.client.readContract({
      address: council,
      abi: securityCouncilAbi,
      functionName: 'hasApproved',
      args: [proposalId, member],
    });
  const pending = [];
  for (const signature of document.signatures) if (!(await hasApproved(signature.signer))) pending.push(signature);
  let count = proposal.approvals;
  if (pending.length > 0) {
    const submitted = await submitApprovals(hub.operator, { council, proposalId, approvals: pending });
    record({
      chainId: hub.chainId,
      step: `approveBySig (${pending.length} signature(s) from the file)`,
      hash: submitted.hash,
    });
    count = submitted.approvals;
  }
  const approvals: RehearsalApprovals = {
    quorum: proposal.quorum,
    beforeRehearsal: proposal.approvals,
    fromSignatures: pending.map((s) => s.signer),
    impersonated: [],
    realSignatures: true,
  };
  if (count >= proposal.quorum) return approvals;
  if (!parameters.impersonateMissing) {
    throw new RehearsalError(
      `the proposal has ${count} of the ${proposal.quorum} approvals it needs with the file's ${document.signatures.length} signature(s): ${proposal.quorum - count} more needed`,
      {
        reason: 'short-of-quorum',
        metaMessages: [
          'collect the missing signatures (`lockstep approve`) and add them to the file,',
          'or rehearse with --impersonate-missing: the missing members are impersonated on the fork and the rehearsal is marked as not using the real signatures',
        ],
      },
    );
  }
  const members = await hub.client.readContract({ address: council, abi: securityCouncilAbi, functionName: 'members' });
  for (const member of members) {
    if (count >= proposal.quorum) break;
    if (await hasApproved(member)) continue;
    const done = await asImpersonated(hub, member, (client) => approveOnChain(client, { council, proposalId }));
    record({ chainId: hub.chainId, step: `approve (impersonated member ${member})`, hash: done.hash });
    approvals.impersonated.push(member);
    count = done.approvals;
  }
  if (count < proposal.quorum) {
    throw new RehearsalError(
      `even with every member impersonated the proposal has ${count} of ${proposal.quorum} approvals`,
      {
        reason: 'short-of-quorum',
      },
    );
  }
  return { ...approvals, realSignatures: false };
}
