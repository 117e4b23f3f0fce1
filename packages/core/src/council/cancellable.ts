import type { Hex } from 'viem';
import { CouncilError } from '../errors/council.js';
import type { ProposalRecord } from './read-proposal.js';

/**
 * Refuses, before anything is sent, a proposal a cancel cannot veto: only upgrades and rotations
 * that are pending or scheduled, and whose timelock operation has not run. The council itself keeps
 * an executed upgrade or rotation `scheduled` (the timelock runs it, not the council), so the
 * operation's state is what tells an executed proposal apart.
 */
export function assertCancellable(proposalId: Hex, record: ProposalRecord): void {
  if (record.kind !== 'upgrade' && record.kind !== 'rotation') {
    throw new CouncilError(
      `proposal ${proposalId} is a${record.kind === 'emergency' ? 'n' : ''} ${record.kind} proposal and cannot be cancelled — only pending or scheduled upgrades and rotations can`,
      { reason: 'invalid-input' },
    );
  }
  if (record.status !== 'pending' && record.status !== 'scheduled') {
    throw new CouncilError(`${record.kind} ${proposalId} cannot be cancelled: it is already ${record.status}`, {
      reason: 'not-ready',
    });
  }
  if (record.operation?.state === 'done') {
    throw new CouncilError(
      `${record.kind} ${proposalId} cannot be cancelled: it is already executed (its timelock operation ${record.operation.id} is done)`,
      { reason: 'not-ready' },
    );
  }
}
