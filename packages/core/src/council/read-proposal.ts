import { securityCouncilAbi, timelockControllerAbi } from '@lockstep/client';
import type { Address, Hex } from 'viem';
import { readContract } from 'viem/actions';
import { CouncilError } from '../errors/council.js';
import {
  type CouncilReadClient,
  enumName,
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  type ProposalKind,
  type ProposalStatus,
  TIMELOCK_STATES,
  TIMELOCKED_KINDS,
  type TimelockState,
} from './types.js';

/** A proposal's record and, for upgrades, rotations and config changes, its timelock operation. */
export type ProposalRecord = {
  kind: ProposalKind;
  status: ProposalStatus;
  membersVersion: number;
  createdAt: number;
  expiresAt: number;
  approvals: number;
  quorum: number;
  timelock: Address;
  hub: Address;
  /** The timelock operation (`salt = proposalId`); `undefined` for emergency and cancel proposals. */
  operation: { id: Hex; state: TimelockState; readyAt: bigint | undefined; target: Address; data: Hex } | undefined;
};

/** Reads a proposal and its timelock operation; throws `CouncilError` (`unknown-proposal`) when there is none. */
export async function readProposal(
  client: CouncilReadClient,
  council: Address,
  proposalId: Hex,
): Promise<ProposalRecord> {
  const contract = { address: council, abi: securityCouncilAbi } as const;
  const [proposal, quorum, timelock, hub] = await Promise.all([
    readContract(client, { ...contract, functionName: 'proposal', args: [proposalId] }),
    readContract(client, { ...contract, functionName: 'quorum', args: [proposalId] }),
    readContract(client, { ...contract, functionName: 'timelock' }),
    readContract(client, { ...contract, functionName: 'hub' }),
  ]);
  const kind = enumName(PROPOSAL_KINDS, proposal.kind);
  if (kind === 'none') {
    throw new CouncilError(`no proposal ${proposalId} on council ${council} — check the id and the network`, {
      reason: 'unknown-proposal',
    });
  }
  let operation: ProposalRecord['operation'];
  if (TIMELOCKED_KINDS.includes(kind)) {
    const [id, [target, data]] = await Promise.all([
      readContract(client, { ...contract, functionName: 'operationId', args: [proposalId] }),
      readContract(client, { ...contract, functionName: 'proposalCall', args: [proposalId] }),
    ]);
    const [state, timestamp] = await Promise.all([
      readContract(client, {
        address: timelock,
        abi: timelockControllerAbi,
        functionName: 'getOperationState',
        args: [id],
      }),
      readContract(client, { address: timelock, abi: timelockControllerAbi, functionName: 'getTimestamp', args: [id] }),
    ]);
    // OpenZeppelin stores 1 (`_DONE_TIMESTAMP`) once executed, 0 when unset.
    operation = {
      id,
      state: enumName(TIMELOCK_STATES, state),
      readyAt: timestamp > 1n ? timestamp : undefined,
      target,
      data,
    };
  }
  return {
    kind,
    status: enumName(PROPOSAL_STATUSES, proposal.status),
    membersVersion: proposal.membersVersion,
    createdAt: proposal.createdAt,
    expiresAt: proposal.expiresAt,
    approvals: proposal.approvalCount,
    quorum: Number(quorum),
    timelock,
    hub,
    operation,
  };
}
