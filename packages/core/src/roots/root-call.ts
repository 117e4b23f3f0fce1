/**
 * One council-roots call on one chain: simulated first (a revert costs nothing and comes back as a
 * `RootRevertError` naming the adapter's or the receiver's error, with a hint), then sent.
 */
import type { Hash, Hex } from 'viem';
import { writeContract } from 'viem/actions';
import { decodeRevert } from '../chain/decode-revert.js';
import { waitForReceipt } from '../chain/send-and-wait.js';
import type { SignerClient } from '../chain/types.js';
import { type RootFunctionName, RootRevertError } from '../errors/roots.js';

/** Hints for the adapter's refusals, by custom error. */
const ROOT_HINTS: Readonly<Record<string, (args: readonly unknown[]) => string>> = {
  FallbackThresholdNotMet: ([got, need]) =>
    `${got} signature(s), ${need} needed: collect more signatures (lockstep root sign / import-signature)`,
  FallbackNotMember: ([, signer]) => `${signer} is not a current member on this chain: was the set rotated?`,
  FallbackSignatureInvalid: ([, signer]) => `${signer}'s signature does not verify on this chain`,
  RootAuthorityTooLow: () =>
    "an emergency quorum's root carries pauses only: the council threshold must sign anything else",
  RootAlreadySet: () =>
    'the root is already set with at least the authority these signatures give: anything but a pause needs the threshold’s signatures',
  RootIsRevoked: () => 'the root was revoked: build and sign a new one',
  RootExpired: () => 'the root expired: build and sign a new one',
  RootMembersRotated: () => 'the member set rotated since the root was set: the new set must sign it',
  RootLeafNotProven: () => 'the leaf is not in this root for this chain and adapter',
  ReceiverEmergencyGasTooLow: () =>
    'too little gas for every target’s stipend: send it again without a gas limit (it is estimated)',
};

/** What a root call needs: where, which function (for the error), and how to simulate it. */
export type RootCall = {
  client: SignerClient;
  chainId: number;
  functionName: RootFunctionName;
  messageId?: Hex | undefined;
  simulate: () => Promise<{ request: Parameters<typeof writeContract>[1] }>;
  /** One fee quote shared by a pipelined batch (its transactions do not depend on each other's). */
  fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined;
};

/** Simulates and sends; a simulated revert is a `RootRevertError`. Does not wait. */
export async function sendRootCall({
  client,
  chainId,
  functionName,
  messageId,
  simulate,
  fees,
}: RootCall): Promise<Hash> {
  try {
    const { request } = await simulate();
    return await writeContract(client, (fees ? { ...request, ...fees } : request) as typeof request);
  } catch (error) {
    const revert = decodeRevert(error);
    if (!revert) throw error;
    throw new RootRevertError({
      chainId,
      functionName,
      messageId,
      ...revert,
      hint: revert.errorName ? ROOT_HINTS[revert.errorName]?.(revert.args) : undefined,
      cause: error,
    });
  }
}

/** Simulates, sends and waits; a revert (simulated or mined) is a `RootRevertError`. */
export async function sendRootCallAndWait(call: RootCall) {
  const hash = await sendRootCall(call);
  const receipt = await waitForReceipt(call.client, hash);
  if (receipt.status !== 'success') {
    throw new RootRevertError({
      chainId: call.chainId,
      functionName: call.functionName,
      messageId: call.messageId,
      errorName: undefined,
      hint: `transaction ${hash} reverted`,
    });
  }
  return { hash, blockNumber: receipt.blockNumber, receipt };
}
