import type { Hash, TransactionReceipt } from 'viem';
import { BaseError } from 'viem';
import { decodeRevertData, findRevert } from '../chain/decode-revert.js';
import { sendAndWait as sendAndWaitOnChain } from '../chain/send-and-wait.js';
import { LockstepError } from '../errors/base.js';
import { CouncilRevertError } from '../errors/council.js';
import type { CouncilReadClient } from './types.js';

/**
 * Sends one council, timelock or hub transaction (`submit` simulates, then writes) and waits for
 * its receipt. A revert, in the simulation or on chain, becomes a `CouncilRevertError` naming the
 * contract's custom error.
 */
export function sendAndWait(
  client: CouncilReadClient,
  functionName: string,
  submit: () => Promise<Hash>,
): Promise<TransactionReceipt> {
  return sendAndWaitOnChain(client, {
    submit,
    submitError: (error) => toCouncilError(functionName, error),
    revertedError: (hash) =>
      new CouncilRevertError({
        functionName,
        errorName: undefined,
        args: undefined,
        hint: `transaction ${hash} reverted on chain`,
      }),
  });
}

/** Turns a viem error into a `CouncilRevertError` (a revert) or a `LockstepError` (anything else). */
export function toCouncilError(functionName: string, error: unknown): LockstepError {
  const reverted = findRevert(error);
  if (reverted) {
    const decoded = decodeRevertData(reverted);
    return new CouncilRevertError({
      functionName,
      errorName: decoded?.errorName,
      args: decoded?.args,
      hint: decoded ? REVERT_HINTS[decoded.errorName]?.(decoded.args) : reverted.reason,
      cause: error,
    });
  }
  const message = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : '';
  return new LockstepError(`${functionName} failed: ${message || 'unknown error'}`, { cause: error });
}

/** What to do about the reverts a person can act on. */
const REVERT_HINTS: Readonly<Record<string, (args: readonly unknown[]) => string>> = {
  CouncilQuorumNotMet: ([, got, need]) => `${got} of ${need} approvals; collect more with \`lockstep approve\``,
  CouncilNotMember: ([account, version]) =>
    `${account} is not a member of the council (member set ${version}); sign with a member's key`,
  CouncilTermEnded: ([member, end]) => `${member}'s term ended at ${end}`,
  CouncilAlreadyApproved: ([, member]) => `${member} already approved this proposal`,
  CouncilUnknownProposal: ([id]) => `no proposal ${id} on this council; check --proposal and --network`,
  CouncilNotPending: ([, status]) => `the proposal is no longer pending (status ${status})`,
  CouncilProposalExpired: ([, at]) => `the proposal expired at ${at}; propose it again`,
  CouncilInvalidSignature: ([, signer]) => `the signature filed under ${signer} is not ${signer}'s`,
  CouncilSignersNotAscending: ([index]) => `signer ${index} is out of order (signers must be strictly ascending)`,
  CouncilInvalidAction: ([index]) => `action ${index} has a zero chain id, proxy, implementation or codehash`,
  CouncilInvalidAuditReport: () => 'the audit report hash must be non-zero and its URI at most 512 bytes',
  TimelockUnexpectedOperationState: () => 'the timelock operation is not ready (wait out the delay) or already done',
  HubUnknownChain: ([chainId]) => `the hub has no chain ${chainId} configured`,
};
