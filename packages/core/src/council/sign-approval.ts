import type { Account, Address, Hex } from 'viem';
import { LockstepError } from '../errors/base.js';
import type { ApprovalTypedData } from './describe-approval.js';

/** A member's offline approval: what `submitApprovals` takes and `--signatures-out` files hold. */
export type SignedApproval = {
  proposalId: Hex;
  council: Address;
  chainId: number;
  /** The EIP-712 digest signed. */
  digest: Hex;
  signer: Address;
  signature: Hex;
};

export type SignApprovalParameters = {
  /** `describeApproval(...).typedData`: the typed data checked against the council. */
  typedData: ApprovalTypedData;
  /** `describeApproval(...).digest`. */
  digest: Hex;
};

export type SignApprovalReturnType = SignedApproval;

export type SignApprovalErrorType = LockstepError;

/**
 * Signs an approval's EIP-712 typed data with a member's account (no transaction). Pass what
 * `describeApproval` returned, after showing it to the member.
 *
 * Throws `LockstepError` when the account cannot sign typed data (a JSON-RPC account without a wallet).
 *
 * @example
 * const described = await describeApproval(client, { council, proposalId })
 * const approval = await signApproval(account, described)
 */
export async function signApproval(
  account: Account,
  { typedData, digest }: SignApprovalParameters,
): Promise<SignApprovalReturnType> {
  if (!account.signTypedData) {
    throw new LockstepError(`account ${account.address} cannot sign typed data locally — use a local key`);
  }
  const signature = await account.signTypedData(typedData);
  return {
    proposalId: typedData.message.proposalId,
    council: typedData.domain.verifyingContract,
    chainId: typedData.domain.chainId,
    digest,
    signer: account.address,
    signature,
  };
}
