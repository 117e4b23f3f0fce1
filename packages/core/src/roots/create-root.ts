/**
 * Builds unsigned root documents: a pre-signed pause of every chain (messages the hub never sent,
 * in the hub's exact format, which only a council root can carry), or the fallback ratification of
 * messages the hub did dispatch (one ceremony for all their chains).
 */
import {
  type Address,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hexToBigInt,
  keccak256,
  parseAbiParameters,
} from 'viem';
import { RootError } from '../errors/roots.js';
import { decodeMessage, encodeMessage, MESSAGE_VERSION } from '../message/codec.js';
import { encodeEmergencyPayload } from '../message/payload.js';
import type { RootDocument, RootPurpose } from './document.js';
import { buildRootTree, type RootLeafInput } from './tree.js';
import { councilRootDigest } from './typed-data.js';

/**
 * Nonces of messages only a root carries lie in [2^63, 2^63 + 2^62) (the top bits of the pause's
 * id): the hub's outbox counts up from 0, so the two never meet. The nonce is the operation counter
 * a root leaf is consumed under.
 */
export const ROOT_NONCE_BASE = 2n ** 63n;

/** The longest a root may live (`CouncilRoots.MAX_ROOT_LIFETIME`, 366 days). */
export const MAX_ROOT_LIFETIME_SECONDS = 366 * 24 * 60 * 60;

/** Where the Lockstep contracts are (the same on every chain). */
export type RootDeployment = { hubChainId: number; hub: Address; receiver: Address; adapter: Address };

export type CreatePauseRootParameters = {
  deployment: RootDeployment;
  /** Every chain to pause, with its targets (registered proxies). */
  chains: readonly { chainId: number; targets: readonly Address[] }[];
  /** Unix seconds: the last second the pause can be broadcast. */
  validUntil: number;
  /** The adapter's `rotationNonce()`: the member set that will sign. */
  membersNonce: number;
  /** Unix seconds: now. Stamps the messages (`issuedAt`) and names the pause. */
  now: number;
  description?: string;
};

/** A pre-signed pause: one pause message per chain, for the emergency quorum to sign now. */
export function createPauseRoot(parameters: CreatePauseRootParameters): RootDocument {
  const { deployment, chains, now } = parameters;
  if (chains.length === 0) throw new RootError('a pause root needs at least one chain', { reason: 'invalid-input' });
  const seen = new Set<number>();
  // The pause's identity commits to when, until when and what it pauses: two different pauses
  // built in the same second never share a message id (nor its nonce, the leaf's counter).
  const actionId = keccak256(
    encodeAbiParameters(parseAbiParameters('string, uint256, uint256, (uint256 chainId, address[] targets)[]'), [
      'lockstep.presigned-pause',
      BigInt(now),
      BigInt(parameters.validUntil),
      chains.map((c) => ({ chainId: BigInt(c.chainId), targets: c.targets.map((t) => getAddress(t)) })),
    ]),
  );
  const nonce = ROOT_NONCE_BASE + (hexToBigInt(actionId) >> 194n);
  const leaves: RootLeafInput[] = chains.map(({ chainId, targets }) => {
    if (seen.has(chainId)) throw new RootError(`chain ${chainId} is listed twice`, { reason: 'invalid-input' });
    seen.add(chainId);
    if (targets.length === 0)
      throw new RootError(`chain ${chainId} has no target to pause`, { reason: 'invalid-input' });
    const payload = encodeEmergencyPayload({
      kind: 'pause',
      actionId,
      issuedAt: now,
      targets: targets.map((t) => getAddress(t)),
    });
    const message = encodeMessage({
      version: MESSAGE_VERSION,
      nonce,
      srcChainId: BigInt(deployment.hubChainId),
      dstChainId: BigInt(chainId),
      sender: deployment.hub,
      receiver: deployment.receiver,
      payload,
    });
    return { chainId, message };
  });
  return documentOf(
    'pause',
    parameters.description ?? `pre-signed pause of ${chains.length} chain(s)`,
    leaves,
    parameters,
  );
}

export type CreateRatificationRootParameters = {
  deployment: RootDeployment;
  /** Hub messages (encoded, as dispatched) that are final on the hub; each goes to its destination. */
  messages: readonly Hex[];
  validUntil: number;
  membersNonce: number;
  now: number;
  description?: string;
};

/** The fallback ratification of dispatched hub messages, one leaf per message, for the full council. */
export function createRatificationRoot(parameters: CreateRatificationRootParameters): RootDocument {
  const leaves = parameters.messages.map((message) => ({
    chainId: Number(decodeMessage(message).dstChainId),
    message,
  }));
  return documentOf(
    'ratify',
    parameters.description ?? `ratification of ${leaves.length} hub message(s)`,
    leaves,
    parameters,
  );
}

function documentOf(
  purpose: RootPurpose,
  description: string,
  leaves: RootLeafInput[],
  {
    deployment,
    validUntil,
    membersNonce,
    now,
  }: { deployment: RootDeployment; validUntil: number; membersNonce: number; now: number },
): RootDocument {
  if (validUntil <= now) {
    throw new RootError(`validUntil ${isoOf(validUntil)} is not in the future (now ${isoOf(now)})`, {
      reason: 'invalid-input',
    });
  }
  if (validUntil > now + MAX_ROOT_LIFETIME_SECONDS) {
    throw new RootError(
      `validUntil ${isoOf(validUntil)} is more than 366 days ahead: the adapters refuse such a root`,
      {
        reason: 'invalid-input',
      },
    );
  }
  const adapter = getAddress(deployment.adapter);
  const tree = buildRootTree(adapter, leaves);
  const digest: Hex = councilRootDigest({ root: tree.root, validUntil, membersNonce });
  return {
    format: 'lockstep-council-root',
    version: 1,
    purpose,
    description,
    createdAt: isoOf(now),
    adapter,
    validUntil,
    membersNonce,
    root: tree.root,
    digest,
    leaves: tree.leaves,
    signatures: [],
  };
}

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
