import { securityCouncilAbi } from '@lockstep/client';
import { type Address, type Hash, type Hex, parseEventLogs } from 'viem';
import { simulateContract, writeContract } from 'viem/actions';
import { sendAndWait } from '../council/send.js';
import type { CouncilWriteClient } from '../council/types.js';
import type { LockstepError } from '../errors/base.js';
import { CouncilError, type CouncilErrorType, type CouncilRevertErrorType } from '../errors/council.js';

/** One contract to pause or unpause on one chain (`IGovernanceHub.EmergencyTarget`). */
export type EmergencyTarget = {
  chainId: number;
  /** A proxy registered on that chain's receiver, implementing `IPausableTarget`. */
  target: Address;
};

export type ProposeEmergencyParameters = {
  /** The SecurityCouncil on the hub. */
  council: Address;
  /** `true` to pause the targets, `false` to unpause them. */
  pause: boolean;
  /** 1 to `MAX_TARGETS` targets, on any chains the hub knows. */
  targets: readonly EmergencyTarget[];
};

export type ProposeEmergencyReturnType = {
  /** The proposal id, which is also the emergency action's id on the hub and the receivers. */
  actionId: Hex;
  hash: Hash;
  pause: boolean;
  targets: EmergencyTarget[];
  /** Emergencies must be executed within `EMERGENCY_LIFETIME` (3 days) of their creation. */
  expiresAt: number;
};

export type ProposeEmergencyErrorType = CouncilErrorType | CouncilRevertErrorType | LockstepError;

/**
 * Proposes an emergency pause or unpause of registered contracts on one or more chains
 * (`SecurityCouncil.proposeEmergency`). The account must be a current member. Approvals are
 * collected like any proposal's (`describeApproval` → `signApproval` → `submitApprovals`, or
 * `approveOnChain`), up to the council's `emergencyThreshold`; then `executeEmergency` hands it to
 * the hub at once — no timelock — and the receivers apply it as soon as it is delivered.
 *
 * Throws `CouncilRevertError` (`CouncilNotMember`, `CouncilTargetCountOutOfRange`,
 * `CouncilInvalidEmergencyTarget`, ...).
 *
 * @example
 * const { actionId } = await proposeEmergency(member, {
 *   council,
 *   pause: true,
 *   targets: [{ chainId: 1, target: vault }, { chainId: 42161, target: vault }],
 * })
 */
export async function proposeEmergency(
  client: CouncilWriteClient,
  { council, pause, targets }: ProposeEmergencyParameters,
): Promise<ProposeEmergencyReturnType> {
  const args = [pause, targets.map((t) => ({ chainId: BigInt(t.chainId), target: t.target }))] as const;
  const receipt = await sendAndWait(client, 'proposeEmergency', async () => {
    const { request } = await simulateContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'proposeEmergency',
      args,
      account: client.account,
      chain: client.chain,
    });
    return writeContract(client, request);
  });
  const [created] = parseEventLogs({ abi: securityCouncilAbi, eventName: 'ProposalCreated', logs: receipt.logs });
  if (!created) {
    throw new CouncilError(`proposeEmergency: no ProposalCreated event in ${receipt.transactionHash}`, {
      reason: 'unknown-proposal',
    });
  }
  return {
    actionId: created.args.proposalId,
    hash: receipt.transactionHash,
    pause,
    targets: targets.map((t) => ({ chainId: t.chainId, target: t.target })),
    expiresAt: created.args.expiresAt,
  };
}
