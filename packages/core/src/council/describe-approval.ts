import { governanceHubAbi, securityCouncilAbi } from '@lockstep/client';
import { type Address, decodeFunctionData, type Hex, hashTypedData, isAddressEqual } from 'viem';
import { getChainId, readContract } from 'viem/actions';
import { CouncilError, type CouncilErrorType } from '../errors/council.js';
import { type ChainRpcUrls, clientForChain, readCodehash } from './codehash.js';
import { readRunningImplementation } from './running-implementation.js';
import {
  type ChainAction,
  type CouncilReadClient,
  enumName,
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  type ProposalKind,
  type ProposalStatus,
} from './types.js';

/** The council's EIP-712 domain name and version (`EIP712("Lockstep Security Council", "1")`). */
export const COUNCIL_DOMAIN_NAME = 'Lockstep Security Council';
export const COUNCIL_DOMAIN_VERSION = '1';

/** The EIP-712 types of an approval: `Approval(bytes32 proposalId,uint8 kind)`. */
export const approvalTypes = {
  Approval: [
    { name: 'proposalId', type: 'bytes32' },
    { name: 'kind', type: 'uint8' },
  ],
} as const;

/** The typed data a member signs to approve a proposal. */
export type ApprovalTypedData = {
  domain: { name: string; version: string; chainId: number; verifyingContract: Address };
  types: typeof approvalTypes;
  primaryType: 'Approval';
  message: { proposalId: Hex; kind: number };
};

/**
 * Whether an action's implementation has the proposed codehash on its chain: `match`, `mismatch`
 * (`actual` is what is there), `no-code`, or `unchecked` (no RPC for that chain).
 */
export type CodehashCheck =
  | { status: 'match' }
  | { status: 'mismatch'; actual: Hex }
  | { status: 'no-code' }
  | { status: 'unchecked' };

/**
 * Whether the proxy still runs the action's `previousImplementation` on its chain (else the receiver
 * will refuse the upgrade, `RegistryStaleUpgrade`): `current`, `stale` (`actual` is what it runs),
 * `not-registered`, or `unchecked` (no RPC for that chain, or the hub does not know the chain).
 */
export type PreviousImplementationCheck =
  | { status: 'current' }
  | { status: 'stale'; actual: Address }
  | { status: 'not-registered' }
  | { status: 'unchecked' };

export type DescribedAction = ChainAction & {
  codehashCheck: CodehashCheck;
  previousImplementationCheck: PreviousImplementationCheck;
  /** The name the proxy is registered under in its chain's DeploymentRegistry, when read there. */
  proxyName?: string;
};

export type DescribeApprovalParameters = {
  council: Address;
  proposalId: Hex;
  /** RPC URLs by chain id, to check each implementation's codehash on its chain. */
  rpcUrls?: ChainRpcUrls;
};

export type DescribeApprovalReturnType = {
  proposalId: Hex;
  kind: ProposalKind;
  status: ProposalStatus;
  expiresAt: number;
  typedData: ApprovalTypedData;
  /** `hashTypedData(typedData)`, computed here and checked equal to the council's `approvalDigest`. */
  digest: Hex;
  /** The call the proposal makes once approved (the timelock's target and data). */
  call: { target: Address; data: Hex };
  /** Upgrade proposals: the actions, in proposal order, each with its codehash check. Else empty. */
  actions: DescribedAction[];
  /** The actions grouped by chain id, in first-seen order (one hub message per chain). */
  chains: { chainId: number; actions: DescribedAction[] }[];
};

export type DescribeApprovalErrorType = CouncilErrorType;

/**
 * Everything a member signs when approving `proposalId`: the EIP-712 domain, types and message, the
 * digest (computed locally and checked equal to the council's `approvalDigest`, so a wrong domain
 * can never be signed), and for upgrades the decoded actions per chain, each implementation's code
 * checked against its codehash where an RPC for its chain is known.
 *
 * Throws `CouncilError`: `unknown-proposal`, or `digest-mismatch` (do not sign).
 *
 * @example
 * const { digest, chains } = await describeApproval(client, { council, proposalId, rpcUrls: { 42161: url } })
 */
export async function describeApproval(
  client: CouncilReadClient,
  parameters: DescribeApprovalParameters,
): Promise<DescribeApprovalReturnType> {
  const { council, proposalId, rpcUrls = {} } = parameters;
  const [proposal, onChainDigest, [target, data], chainId] = await Promise.all([
    readContract(client, { address: council, abi: securityCouncilAbi, functionName: 'proposal', args: [proposalId] }),
    readContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'approvalDigest',
      args: [proposalId],
    }),
    readContract(client, {
      address: council,
      abi: securityCouncilAbi,
      functionName: 'proposalCall',
      args: [proposalId],
    }),
    getChainId(client),
  ]);
  const kind = enumName(PROPOSAL_KINDS, proposal.kind);
  if (kind === 'none') {
    throw new CouncilError(`no proposal ${proposalId} on council ${council} — check the id and the network`, {
      reason: 'unknown-proposal',
    });
  }
  const typedData: ApprovalTypedData = {
    domain: { name: COUNCIL_DOMAIN_NAME, version: COUNCIL_DOMAIN_VERSION, chainId, verifyingContract: council },
    types: approvalTypes,
    primaryType: 'Approval',
    message: { proposalId, kind: proposal.kind },
  };
  const digest = hashTypedData(typedData);
  if (digest !== onChainDigest) {
    throw new CouncilError(
      `the approval digest computed here (${digest}) differs from the council's approvalDigest (${onChainDigest}) — do not sign; check the council address and the chain`,
      { reason: 'digest-mismatch' },
    );
  }
  const actions =
    kind === 'upgrade' ? await checkActions(client, target, decodeUpgradeCall(proposalId, data), rpcUrls) : [];
  return {
    proposalId,
    kind,
    status: enumName(PROPOSAL_STATUSES, proposal.status),
    expiresAt: proposal.expiresAt,
    typedData,
    digest,
    call: { target, data },
    actions,
    chains: groupByChain(actions),
  };
}

/** Decodes `dispatchUpgrade(proposalId, deadline, actions)`, the call an upgrade proposal schedules. */
export function decodeUpgradeCall(proposalId: Hex, data: Hex): ChainAction[] {
  const decoded = decodeFunctionData({ abi: governanceHubAbi, data });
  if (decoded.functionName !== 'dispatchUpgrade' || decoded.args[0] !== proposalId) {
    throw new CouncilError(`proposal ${proposalId} does not call dispatchUpgrade for itself`, {
      reason: 'invalid-input',
    });
  }
  return decoded.args[2].map((a) => ({
    chainId: Number(a.chainId),
    proxy: a.proxy,
    previousImplementation: a.previousImplementation,
    implementation: a.implementation,
    codehash: a.codehash,
    data: a.data,
  }));
}

async function checkActions(
  hubClient: CouncilReadClient,
  hub: Address,
  actions: ChainAction[],
  rpcUrls: ChainRpcUrls,
): Promise<DescribedAction[]> {
  return Promise.all(
    actions.map(async (action) => {
      const client = await clientForChain(hubClient, action.chainId, rpcUrls);
      if (!client) {
        return {
          ...action,
          codehashCheck: { status: 'unchecked' } as const,
          previousImplementationCheck: { status: 'unchecked' } as const,
        };
      }
      const [actual, { check: previousImplementationCheck, proxyName }] = await Promise.all([
        readCodehash(client, action.implementation),
        checkPrevious(hubClient, client, hub, action),
      ]);
      const codehashCheck: CodehashCheck =
        actual === undefined
          ? { status: 'no-code' }
          : actual === action.codehash
            ? { status: 'match' }
            : { status: 'mismatch', actual };
      return { ...action, codehashCheck, previousImplementationCheck, ...(proxyName ? { proxyName } : {}) };
    }),
  );
}

async function checkPrevious(
  hubClient: CouncilReadClient,
  client: CouncilReadClient,
  hub: Address,
  action: ChainAction,
): Promise<{ check: PreviousImplementationCheck; proxyName?: string }> {
  const entry = await readRunningImplementation(hubClient, client, {
    hub,
    chainId: action.chainId,
    proxy: action.proxy,
  });
  if (!entry) return { check: { status: 'unchecked' } };
  if (!entry.registered) return { check: { status: 'not-registered' } };
  const check: PreviousImplementationCheck = isAddressEqual(entry.implementation, action.previousImplementation)
    ? { status: 'current' }
    : { status: 'stale', actual: entry.implementation };
  return { check, proxyName: entry.name };
}

function groupByChain(actions: DescribedAction[]): { chainId: number; actions: DescribedAction[] }[] {
  const chains: { chainId: number; actions: DescribedAction[] }[] = [];
  for (const action of actions) {
    const chain = chains.find((c) => c.chainId === action.chainId);
    if (chain) chain.actions.push(action);
    else chains.push({ chainId: action.chainId, actions: [action] });
  }
  return chains;
}
