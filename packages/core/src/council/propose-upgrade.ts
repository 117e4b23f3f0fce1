import { securityCouncilAbi } from '@lockstep/client';
import { type Address, type Hash, type Hex, isAddressEqual, parseEventLogs } from 'viem';
import { readContract, simulateContract, writeContract } from 'viem/actions';
import type { LockstepError } from '../errors/base.js';
import {
  CouncilError,
  type CouncilErrorType,
  type CouncilRevertErrorType,
  StaleUpgradeError,
  type StaleUpgradeErrorType,
} from '../errors/council.js';
import { type ChainRpcUrls, clientForChain, readCodehash } from './codehash.js';
import { readHubReceiver, readRunningImplementation } from './running-implementation.js';
import { sendAndWait } from './send.js';
import type { ChainAction, CouncilReadClient, CouncilWriteClient } from './types.js';

/**
 * One action to propose: like `ChainAction`, but `codehash`, `data` and `previousImplementation`
 * may be left out (`previousImplementation`: what the chain's receiver registry shows now).
 */
export type ProposeActionInput = Omit<ChainAction, 'codehash' | 'data' | 'previousImplementation'> & {
  previousImplementation?: Address;
  codehash?: Hex;
  data?: Hex;
};

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
  /** The actions as proposed, codehashes and previous implementations filled in. */
  actions: ChainAction[];
  expiresAt: number;
};

export type ProposeUpgradeErrorType = CouncilErrorType | CouncilRevertErrorType | StaleUpgradeErrorType | LockstepError;

/**
 * Proposes an upgrade of proxies on one or more chains (`SecurityCouncil.proposeUpgrade`). The
 * account must be a current member. Each action's chain is read (through the hub client or
 * `rpcUrls`; its receiver is the one the hub's `chainConfig` names): an action without `codehash`
 * gets the `extcodehash` of its implementation there, and one without `previousImplementation` gets
 * the implementation the proxy runs now (its receiver registry's `entry(proxy).implementation`).
 * A given `previousImplementation` is checked against the registry, so an upgrade the receiver
 * would refuse when it executes (`RegistryStaleUpgrade`) is never proposed.
 *
 * Throws `StaleUpgradeError` (`not-registered`: the proxy has no registry entry on its chain;
 * `previous-mismatch`: the given previous implementation is not what the proxy runs),
 * `CouncilError` (`invalid-input`: no RPC for a chain, no code at the implementation, chain not
 * configured on the hub) or `CouncilRevertError` (`CouncilNotMember`, `CouncilInvalidAction`, ...).
 *
 * @example
 * const { proposalId } = await proposeUpgrade(client, { council, actions, auditReportHash })
 */
export async function proposeUpgrade(
  client: CouncilWriteClient,
  parameters: ProposeUpgradeParameters,
): Promise<ProposeUpgradeReturnType> {
  const { council, auditReportHash, auditReportUri = '', rpcUrls = {} } = parameters;
  const actions = await completeUpgradeActions(client, { council, actions: parameters.actions, rpcUrls });
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

/**
 * The actions `proposeUpgrade` would propose, without proposing them: each one's `codehash`,
 * `previousImplementation` and `data` filled in and checked as `proposeUpgrade` describes. A proposal
 * file's draft is built from them (`buildProposalDraft`).
 *
 * Throws like `proposeUpgrade` (`StaleUpgradeError`, `CouncilError` `invalid-input`).
 */
export async function completeUpgradeActions(
  client: CouncilReadClient,
  parameters: Pick<ProposeUpgradeParameters, 'council' | 'actions' | 'rpcUrls'>,
): Promise<ChainAction[]> {
  const { council, rpcUrls = {} } = parameters;
  const hub = await readContract(client, { address: council, abi: securityCouncilAbi, functionName: 'hub' });
  return Promise.all(parameters.actions.map((action) => completeAction(client, hub, action, rpcUrls)));
}

async function completeAction(
  hubClient: CouncilReadClient,
  hub: Address,
  action: ProposeActionInput,
  rpcUrls: ChainRpcUrls,
): Promise<ChainAction> {
  const data = action.data ?? '0x';
  // The hub's chain list first: it needs no RPC of the target chain, and a chain the hub does not
  // know would pass approval and the timelock only to revert at dispatch (`HubUnknownChain`).
  if (!(await readHubReceiver(hubClient, { hub, chainId: action.chainId }))) throw unknownChain(hub, action.chainId);
  const client = await clientForChain(hubClient, action.chainId, rpcUrls);
  if (!client) {
    // Without an RPC for the chain nothing can be read there: only a fully given action goes on.
    if (action.codehash && action.previousImplementation) {
      return { ...action, previousImplementation: action.previousImplementation, codehash: action.codehash, data };
    }
    const missing = [
      ...(action.codehash ? [] : [`the codehash of ${action.implementation}`]),
      ...(action.previousImplementation ? [] : [`the implementation ${action.proxy} runs now`]),
    ].join(' and ');
    throw new CouncilError(
      `no RPC for chain ${action.chainId} to read ${missing} — give the action a codehash and a previousImplementation, or an RPC for that chain`,
      { reason: 'invalid-input' },
    );
  }
  const [codehash, previousImplementation] = await Promise.all([
    action.codehash ?? implementationCodehash(client, action),
    checkedPreviousImplementation(hubClient, client, hub, action),
  ]);
  return { ...action, previousImplementation, codehash, data };
}

function unknownChain(hub: Address, chainId: number): CouncilError {
  return new CouncilError(
    `chain ${chainId} is not configured on the hub ${hub} — check the chain id, or add the chain first (a council config proposal)`,
    { reason: 'invalid-input' },
  );
}

async function implementationCodehash(client: CouncilReadClient, action: ProposeActionInput): Promise<Hex> {
  const codehash = await readCodehash(client, action.implementation);
  if (!codehash) {
    throw new CouncilError(
      `${action.implementation} has no code on chain ${action.chainId} — deploy the implementation there first`,
      { reason: 'invalid-input' },
    );
  }
  return codehash;
}

/**
 * The implementation `action.proxy` runs on its chain, from the receiver's registry (the receiver
 * the hub's `chainConfig` names): the action's own if it matches, else `StaleUpgradeError`.
 */
async function checkedPreviousImplementation(
  hubClient: CouncilReadClient,
  client: CouncilReadClient,
  hub: Address,
  action: ProposeActionInput,
): Promise<Address> {
  const entry = await readRunningImplementation(hubClient, client, {
    hub,
    chainId: action.chainId,
    proxy: action.proxy,
  });
  if (!entry) throw unknownChain(hub, action.chainId);
  const base = {
    chainId: action.chainId,
    proxy: action.proxy,
    given: action.previousImplementation,
    registry: entry.registry,
  };
  if (!entry.registered) throw new StaleUpgradeError({ ...base, reason: 'not-registered', current: undefined });
  if (action.previousImplementation && !isAddressEqual(action.previousImplementation, entry.implementation)) {
    throw new StaleUpgradeError({ ...base, reason: 'previous-mismatch', current: entry.implementation });
  }
  return entry.implementation;
}
