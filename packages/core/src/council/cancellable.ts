import type { Hex } from 'viem';
import { CouncilError } from '../errors/council.js';
import type { ProposalRecord } from './read-proposal.js';
import { TIMELOCKED_KINDS, withArticle } from './types.js';

/**
 * Refuses, before anything is sent, a proposal a cancel cannot veto: only upgrades, rotations and
 * config changes that are pending or scheduled, and whose timelock operation has not run. The council itself keeps
 * an executed upgrade or rotation `scheduled` (the timelock runs it, not the council), so the
 * operation's state is what tells an executed proposal apart.
 */
export function assertCancellable(proposalId: Hex, record: ProposalRecord): void {
  if (!TIMELOCKED_KINDS.includes(record.kind)) {
    throw new CouncilError(
      `proposal ${proposalId} is ${withArticle(record.kind)} proposal and cannot be cancelled — only pending or scheduled upgrades, rotations and config changes can`,
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
