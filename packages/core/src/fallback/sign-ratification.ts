import type { Account } from 'viem';
import { LockstepError } from '../errors/base.js';
import type { RatificationTypedData, SignedRatification } from './types.js';

export type SignRatificationParameters = {
  /** `describeRatification(...).typedData`: checked against the adapter. */
  typedData: RatificationTypedData;
  /** `describeRatification(...).digest`. */
  digest: `0x${string}`;
};

export type SignRatificationReturnType = SignedRatification;

export type SignRatificationErrorType = LockstepError;

/**
 * Signs a ratification's EIP-712 typed data with a fallback member's account — offline, no
 * transaction. Pass what `describeRatification` returned, after showing it to the member. The
 * signature is valid on that one chain's adapter only (the domain names the chain and the adapter).
 *
 * Throws `LockstepError` when the account cannot sign typed data locally.
 *
 * @example
 * const described = await describeRatification(client, { adapter, message })
 * const signed = await signRatification(memberAccount, described)
 */
export async function signRatification(
  account: Account,
  { typedData, digest }: SignRatificationParameters,
): Promise<SignRatificationReturnType> {
  if (!account.signTypedData) {
    throw new LockstepError(`account ${account.address} cannot sign typed data locally — use a local key`, {
      docsPath: '#fallback-ratification',
    });
  }
  const signature = await account.signTypedData(typedData);
  return {
    messageId: typedData.message.messageId,
    adapter: typedData.domain.verifyingContract,
    chainId: typedData.domain.chainId,
    digest,
    signer: account.address,
    signature,
  };
}
