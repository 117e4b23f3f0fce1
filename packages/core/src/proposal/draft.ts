/**
 * A proposal file's draft: the actions completed and checked against the chains as `propose` would
 * send them (previous implementation from each chain's registry, codehashes read there), the
 * running implementation's codehash recorded beside each, and the activation plan. Nothing is
 * sent; the safety gates run over the draft afterwards (`recordGates`).
 */
import type { Address, Hex } from 'viem';
import type { ReadClient } from '../chain/types.js';
import { type ChainRpcUrls, clientForChain, readCodehash } from '../council/codehash.js';
import { completeUpgradeActions, type ProposeActionInput } from '../council/propose-upgrade.js';
import { withActivationPlan } from './activation-plan.js';
import {
  PROPOSAL_FORMAT,
  PROPOSAL_VERSION,
  type ProposalAction,
  type ProposalDocument,
  proposalContentHash,
} from './document.js';

/** One action of a draft: what `propose --actions` takes, plus names and artifacts for people and gates. */
export type DraftActionInput = ProposeActionInput & Pick<ProposalAction, 'network' | 'label' | 'artifacts'>;

export type BuildProposalDraftParameters = {
  council: { chainId: number; address: Address };
  title: string;
  description?: string;
  audit: { hash: Hex; uri?: string };
  actions: readonly DraftActionInput[];
  rollbackPlan?: string;
  /** RPC URLs by chain id for the chains other than the hub's. */
  rpcUrls?: ChainRpcUrls;
  /** Clock for `createdAt` (tests). */
  now?: () => Date;
};

/**
 * Builds a draft proposal file (no `submission`, no signatures, no gate records yet). Throws what
 * `completeUpgradeActions` throws (an unregistered proxy, a stale previous implementation, no
 * code at an implementation, a chain the hub does not know).
 */
export async function buildProposalDraft(
  hubClient: ReadClient,
  parameters: BuildProposalDraftParameters,
): Promise<ProposalDocument> {
  const { council, audit, rpcUrls = {}, now = () => new Date() } = parameters;
  const completed = await completeUpgradeActions(hubClient, {
    council: council.address,
    actions: parameters.actions,
    rpcUrls,
  });
  const actions = await Promise.all(
    completed.map(async (action, i): Promise<ProposalAction> => {
      const { network, label, artifacts } = parameters.actions[i] ?? {};
      const client = await clientForChain(hubClient, action.chainId, rpcUrls);
      const previousCodehash = client ? await readCodehash(client, action.previousImplementation) : undefined;
      return {
        ...action,
        ...(network === undefined ? {} : { network }),
        ...(label === undefined ? {} : { label }),
        ...(previousCodehash === undefined ? {} : { previousCodehash }),
        ...(artifacts === undefined ? {} : { artifacts }),
      };
    }),
  );
  const draft: ProposalDocument = {
    format: PROPOSAL_FORMAT,
    version: PROPOSAL_VERSION,
    title: parameters.title,
    description: parameters.description ?? '',
    createdAt: now().toISOString(),
    council,
    audit: { hash: audit.hash, uri: audit.uri ?? '' },
    actions,
    contentHash: proposalContentHash(actions, audit.hash),
    ...(parameters.rollbackPlan ? { rollback: { plan: parameters.rollbackPlan } } : {}),
    gates: [],
    signatures: [],
  };
  return withActivationPlan(hubClient, draft, rpcUrls);
}
