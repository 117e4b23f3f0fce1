import type { Hash, TransactionReceipt } from 'viem';
import { BaseError, ContractFunctionRevertedError, decodeErrorResult } from 'viem';
import { waitForTransactionReceipt } from 'viem/actions';
import { LockstepError } from '../errors/base.js';
import { CouncilRevertError } from '../errors/council.js';
import { type CouncilReadClient, councilErrorsAbi } from './types.js';

/**
 * Sends one transaction (`submit` simulates, then writes) and waits for its receipt. A revert,
 * in the simulation or on chain, becomes a `CouncilRevertError` naming the contract's custom error.
 */
export async function sendAndWait(
  client: CouncilReadClient,
  functionName: string,
  submit: () => Promise<Hash>,
): Promise<TransactionReceipt> {
  let hash: Hash;
  try {
    hash = await submit();
  } catch (error) {
    throw toCouncilError(functionName, error);
  }
  // viem polls every 4 s by default on a chain it does not know; a second is plenty.
  const receipt = await waitForTransactionReceipt(client, {
    hash,
    pollingInterval: Math.min(client.pollingInterval, 1000),
  });
  if (receipt.status !== 'success') {
    throw new CouncilRevertError({
      functionName,
      errorName: undefined,
      args: undefined,
      hint: `transaction ${hash} reverted on chain`,
    });
  }
  return receipt;
}

/** Turns a viem error into a `CouncilRevertError` (a revert) or a `LockstepError` (anything else). */
export function toCouncilError(functionName: string, error: unknown): LockstepError {
  const reverted =
    error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
  if (reverted instanceof ContractFunctionRevertedError) {
    const decoded = decodeRevert(reverted);
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

function decodeRevert(
  error: ContractFunctionRevertedError,
): { errorName: string; args: readonly unknown[] } | undefined {
  if (error.data) return { errorName: error.data.errorName, args: error.data.args ?? [] };
  if (!error.raw) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: councilErrorsAbi, data: error.raw });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    // An error none of the three contracts declares: reported as unknown, with the raw data as cause.
    return undefined;
  }
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
