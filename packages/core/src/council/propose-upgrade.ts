import { securityCouncilAbi } from '@lockstep/client';
import { type Address, type Hash, type Hex, parseEventLogs } from 'viem';
import { simulateContract, writeContract } from 'viem/actions';
import type { LockstepError } from '../errors/base.js';
import { CouncilError, type CouncilErrorType, type CouncilRevertErrorType } from '../errors/council.js';
import { type ChainRpcUrls, clientForChain, readCodehash } from './codehash.js';
import { sendAndWait } from './send.js';
import type { ChainAction, CouncilWriteClient } from './types.js';

/** One action to propose: like `ChainAction`, but `codehash` and `data` may be left out. */
export type ProposeActionInput = Omit<ChainAction, 'codehash' | 'data'> & { codehash?: Hex; data?: Hex };

export type ProposeUpgradeParameters = {
  /** The SecurityCouncil on the hub. */
  council: Address;
  actions: readonly ProposeActionInput[];
  /** Hash of the audit report (non-zero). */
  auditReportHash: Hex;
  /** Where the audit report is (at most 512 bytes). Default: empty. */
  auditReportUri?: string;
  /** RPC URLs by chain id, to read the codehash of actions that leave it out (the hub's is the client's). */
  rpcUrls?: ChainRpcUrls;
};

export type ProposeUpgradeReturnType = {
  proposalId: Hex;
  hash: Hash;
  /** The actions as proposed, codehashes filled in. */
  actions: ChainAction[];
  expiresAt: number;
};

export type ProposeUpgradeErrorType = CouncilErrorType | CouncilRevertErrorType | LockstepError;

/**
 * Proposes an upgrade of proxies on one or more chains (`SecurityCouncil.proposeUpgrade`). The
 * account must be a current member. An action without `codehash` gets the `extcodehash` of its
 * implementation on its chain, read through the hub client or `rpcUrls`.
 *
 * Throws `CouncilError` (`invalid-input`: a codehash cannot be read) or `CouncilRevertError`
 * (`CouncilNotMember`, `CouncilInvalidAction`, ...).
 *
 * @example
 * const { proposalId } = await proposeUpgrade(client, { council, actions, auditReportHash })
 */
export async function proposeUpgrade(
  client: CouncilWriteClient,
  parameters: ProposeUpgradeParameters,
): Promise<ProposeUpgradeReturnType> {
  const { council, auditReportHash, auditReportUri = '', rpcUrls = {} } = parameters;
  const actions = await Promise.all(parameters.actions.map((action) => completeAction(client, action, rpcUrls)));
  const args = [actions.map((a) => ({ ...a, chainId: BigInt(a.chainId) })), auditReportHash, auditReportUri] as const;
  const receipt = await sendAndWait(client, 'proposeUpgrade', async () => {
    const { request } = await simulateContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'proposeUpgrade',
      args,
      account: client.account,
      chain: client.chain,
    });
    return writeContract(client, request);
  });
  const [created] = parseEventLogs({ abi: securityCouncilAbi, eventName: 'ProposalCreated', logs: receipt.logs });
  if (!created)
    throw new CouncilError(`proposeUpgrade: no ProposalCreated event in ${receipt.transactionHash}`, {
      reason: 'unknown-proposal',
    });
  return {
    proposalId: created.args.proposalId,
    hash: receipt.transactionHash,
    actions,
    expiresAt: created.args.expiresAt,
  };
}

async function completeAction(
  hub: CouncilWriteClient,
  action: ProposeActionInput,
  rpcUrls: ChainRpcUrls,
): Promise<ChainAction> {
  const data = action.data ?? '0x';
  if (action.codehash) return { ...action, codehash: action.codehash, data };
  const client = await clientForChain(hub, action.chainId, rpcUrls);
  if (!client) {
    throw new CouncilError(
      `no RPC for chain ${action.chainId} to read the codehash of ${action.implementation} — give the action a codehash, or an RPC for that chain`,
      { reason: 'invalid-input' },
    );
  }
  const codehash = await readCodehash(client, action.implementation);
  if (!codehash) {
    throw new CouncilError(
      `${action.implementation} has no code on chain ${action.chainId} — deploy the implementation there first`,
      { reason: 'invalid-input' },
    );
  }
  return { ...action, codehash, data };
}
