/**
 * Brings a signed root to one chain: sets it (once) and executes that chain's leaves, each at most
 * once. Everything that can be known before sending is checked first (the chain has leaves, the
 * adapter is there, the root is not expired, revoked or signed by a rotated-out set), and every
 * call is simulated before it is sent, so a refusal costs nothing and names its cause.
 */
import { councilFallbackAdapterAbi } from '@lockstep/client';
import { type Address, getAddress, type Hash, type Hex, type TransactionReceipt } from 'viem';
import {
  estimateFeesPerGas,
  getBlock,
  getChainId,
  getCode,
  readContract,
  simulateContract,
  writeContract,
} from 'viem/actions';
import { decodeRevert } from '../chain/decode-revert.js';
import { waitForReceipt } from '../chain/send-and-wait.js';
import type { SignerClient } from '../chain/types.js';
import { RootError, RootRevertError } from '../errors/roots.js';
import { decodeMessage } from '../message/codec.js';
import { type EmergencyDelivery, emergencyOutcomesFromLogs } from '../message/emergency-outcomes.js';
import { decodePayload, payloadKind } from '../message/payload.js';
import { isConsumed, type MessageStatus, readMessageState, type SkipReason } from '../message/receiver-state.js';
import type { RootDocument } from './document.js';
import { sortSigners } from './sign-root.js';

export type SubmitRootParameters = {
  document: RootDocument;
  /** The UpgradeReceiver on this chain (the leaves' messages name it). */
  receiver: Address;
};

export type RootLeafResult =
  | {
      status: 'executed';
      messageId: Hex;
      hash: Hash;
      blockNumber: bigint;
      /** Unix seconds of the block it landed in. */
      blockTimestamp: number;
      receiverStatus: MessageStatus;
      emergency?: EmergencyDelivery;
    }
  | { status: 'skipped'; messageId: Hex; reason: SkipReason; receiverStatus: MessageStatus };

export type SubmitRootReturnType = {
  chainId: number;
  root: Hex;
  setRoot: { status: 'set'; hash: Hash; blockNumber: bigint } | { status: 'already-set' };
  leaves: RootLeafResult[];
};

/** `ICouncilRoots.RootAuthority.Full`. */
const FULL_AUTHORITY = 2;
/** `UpgradePayload.KIND_PAUSE`. */
const PAUSE_KIND = 2;
/** `UpgradePayload.KIND_UNPAUSE`. */
const UNPAUSE_KIND = 3;

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
};

/**
 * Sets `document`'s root on the client's chain if it is not set, then executes the chain's
 * leaves. A leaf whose message the receiver already consumed is skipped; so is one this adapter
 * already confirmed (k > 1).
 *
 * Throws `RootError` before sending (`no-leaf`, `wrong-adapter`, `expired`, `revoked`,
 * `members-rotated`) and `RootRevertError` for a call that would revert (nothing sent).
 */
export async function submitRoot(
  client: SignerClient,
  { document, receiver }: SubmitRootParameters,
): Promise<SubmitRootReturnType> {
  const contract = { address: document.adapter, abi: councilFallbackAdapterAbi } as const;
  const chainId = await getChainId(client);
  const leaves = document.leaves.filter((leaf) => leaf.chainId === chainId);
  if (leaves.length === 0) {
    throw new RootError(`the root has no leaf for chain ${chainId}: it was built for chains ${chainsOf(document)}`, {
      reason: 'no-leaf',
    });
  }
  const code = await getCode(client, { address: document.adapter });
  if (!code || code === '0x') {
    throw new RootError(
      `no council fallback adapter at ${document.adapter} on chain ${chainId}: is Lockstep deployed there?`,
      {
        reason: 'wrong-adapter',
      },
    );
  }
  const [state, nonce, block] = await Promise.all([
    readContract(client, { ...contract, functionName: 'rootState', args: [document.root] }),
    readContract(client, { ...contract, functionName: 'rotationNonce' }),
    getBlock(client),
  ]);
  if (state.revoked)
    throw new RootError(`root ${document.root} was revoked on chain ${chainId}`, { reason: 'revoked' });
  if (Number(block.timestamp) > document.validUntil) {
    throw new RootError(
      `root ${document.root} expired at ${new Date(document.validUntil * 1000).toISOString()} (chain ${chainId} is at ${new Date(Number(block.timestamp) * 1000).toISOString()}): build and sign a new one`,
      { reason: 'expired' },
    );
  }
  if (nonce !== document.membersNonce) {
    throw new RootError(
      `the root was signed for member set ${document.membersNonce}; chain ${chainId}'s adapter is at set ${nonce}: the current members must sign a new root`,
      { reason: 'members-rotated' },
    );
  }

  let setRoot: SubmitRootReturnType['setRoot'] = { status: 'already-set' };
  const setUnderThisSet = state.validUntil !== 0 && state.membersNonce === nonce;
  // A root someone set with only an emergency quorum's signatures is raised by the full set when
  // this chain's leaves need it (anything but a pause).
  const needsFull = leaves.some((leaf) => payloadKind(decodeMessage(leaf.message).payload) !== PAUSE_KIND);
  const needsSet = !setUnderThisSet || (needsFull && state.authority !== FULL_AUTHORITY);

  const waiting: typeof leaves = [];
  const results: RootLeafResult[] = [];
  for (const leaf of leaves) {
    const before = await readMessageState(client, receiver, leaf.messageId);
    if (isConsumed(before.status)) {
      results.push({ status: 'skipped', messageId: leaf.messageId, reason: 'consumed', receiverStatus: before.status });
    } else waiting.push(leaf);
  }

  // Pipelined: the leaves go out right behind `setRoot`, without waiting for it, so a chain is
  // paused in the block that sets the root. A leaf sent this way cannot be simulated first (the
  // root is not set yet): it carries a gas limit that covers the receiver's per-target stipend, and
  // one that fails anyway is retried the careful way below (simulated, then sent).
  const pipelined = new Map<Hex, Hash>();
  if (needsSet) {
    const signatures = sortSigners(document.signatures);
    const setRootArgs = [
      document.root,
      document.validUntil,
      signatures.map((s) => s.signer),
      signatures.map((s) => s.signature),
    ] as const;
    const simulateSetRoot = () =>
      simulateContract(client, {
        ...contract,
        functionName: 'setRoot',
        args: setRootArgs,
        account: client.account,
        chain: client.chain,
      });
    // One fee quote for the whole batch, read before anything is sent: the transactions do not
    // depend on whether `setRoot` was mined when the next one is signed (same inputs, same bytes).
    const fees = await estimateFeesPerGas(client).catch(() => undefined);
    const setHash = await sendOnly(chainId, 'setRoot', undefined, simulateSetRoot, client, fees);
    for (const leaf of waiting) {
      const hash = await writeContract(client, {
        ...contract,
        functionName: 'executeLeaf',
        args: [document.root, leaf.message, leaf.proof],
        gas: leafGasLimit(leaf.message),
        ...fees,
        account: client.account,
        chain: client.chain,
      }).catch(() => undefined);
      if (hash) pipelined.set(leaf.messageId, hash);
    }
    const receipt = await waitForReceipt(client, setHash);
    if (receipt.status === 'success') setRoot = { status: 'set', hash: setHash, blockNumber: receipt.blockNumber };
    else {
      // Someone may have set it first (fine); anything else is decoded by simulating again.
      const now = await readContract(client, { ...contract, functionName: 'rootState', args: [document.root] });
      const done =
        now.validUntil !== 0 && now.membersNonce === nonce && (!needsFull || now.authority === FULL_AUTHORITY);
      if (!done) await sendOnly(chainId, 'setRoot', undefined, simulateSetRoot, client);
    }
  }

  for (const leaf of waiting) {
    const sent = pipelined.get(leaf.messageId);
    if (sent) {
      const receipt = await waitForReceipt(client, sent);
      if (receipt.status === 'success') {
        results.push(await executed(client, receiver, leaf.messageId, sent, receipt));
        continue;
      }
      const now = await readMessageState(client, receiver, leaf.messageId);
      if (isConsumed(now.status)) {
        results.push({ status: 'skipped', messageId: leaf.messageId, reason: 'consumed', receiverStatus: now.status });
        continue;
      }
    }
    try {
      const { hash, receipt } = await send(client, chainId, 'executeLeaf', leaf.messageId, () =>
        simulateContract(client, {
          ...contract,
          functionName: 'executeLeaf',
          args: [document.root, leaf.message, leaf.proof],
          account: client.account,
          chain: client.chain,
        }),
      );
      results.push(await executed(client, receiver, leaf.messageId, hash, receipt));
    } catch (error) {
      if (error instanceof RootRevertError && error.errorName === 'ReceiverAlreadyConfirmed') {
        results.push({
          status: 'skipped',
          messageId: leaf.messageId,
          reason: 'confirmed-by-adapter',
          receiverStatus: 'Pending',
        });
        continue;
      }
      throw error;
    }
  }
  return { chainId, root: document.root, setRoot, leaves: results };
}

/** The result of an executed leaf: the receiver's new status, the block's time, the emergency outcomes. */
async function executed(
  client: SignerClient,
  receiver: Address,
  messageId: Hex,
  hash: Hash,
  receipt: TransactionReceipt,
): Promise<RootLeafResult> {
  const after = await readMessageState(client, receiver, messageId);
  const landed = await getBlock(client, { blockNumber: receipt.blockNumber });
  const emergency = emergencyOutcomesFromLogs({ logs: receipt.logs, receiver, messageId });
  return {
    status: 'executed',
    messageId,
    hash,
    blockNumber: receipt.blockNumber,
    blockTimestamp: Number(landed.timestamp),
    receiverStatus: after.status,
    ...(emergency ? { emergency } : {}),
  };
}

/**
 * A gas limit for a leaf sent before its root is set (so not estimated): the receiver gives each
 * emergency target `EMERGENCY_CALL_GAS` (300,000) and refuses a delivery that cannot, so a pause
 * of n targets gets 250,000 + 400,000 n; anything else only queues (300,000).
 */
function leafGasLimit(message: Hex): bigint {
  const { payload } = decodeMessage(message);
  if (payloadKind(payload) === PAUSE_KIND || payloadKind(payload) === UNPAUSE_KIND) {
    const decoded = decodePayload(payload);
    if ('targets' in decoded) return 250_000n + 400_000n * BigInt(decoded.targets.length);
  }
  return 300_000n;
}

/** Simulates and sends; a simulated revert is a `RootRevertError`. Does not wait. */
async function sendOnly(
  chainId: number,
  functionName: 'setRoot' | 'executeLeaf' | 'revokeRoot',
  messageId: Hex | undefined,
  simulate: () => Promise<{ request: Parameters<typeof writeContract>[1] }>,
  client: SignerClient,
  fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
): Promise<Hash> {
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
async function send(
  client: SignerClient,
  chainId: number,
  functionName: 'setRoot' | 'executeLeaf' | 'revokeRoot',
  messageId: Hex | undefined,
  simulate: () => Promise<{ request: Parameters<typeof writeContract>[1] }>,
) {
  const hash = await sendOnly(chainId, functionName, messageId, simulate, client);
  const receipt = await waitForReceipt(client, hash);
  if (receipt.status !== 'success') {
    throw new RootRevertError({
      chainId,
      functionName,
      messageId,
      errorName: undefined,
      hint: `transaction ${hash} reverted`,
    });
  }
  return { hash, blockNumber: receipt.blockNumber, receipt };
}

/** Revokes `root` on the client's chain with the members' revocation signatures. */
export async function submitRootRevocation(
  client: SignerClient,
  {
    adapter,
    root,
    signatures,
  }: { adapter: Address; root: Hex; signatures: readonly { signer: Address; signature: Hex }[] },
): Promise<{ chainId: number; status: 'revoked' | 'already-revoked'; hash?: Hash }> {
  const chainId = await getChainId(client);
  const contract = { address: getAddress(adapter), abi: councilFallbackAdapterAbi } as const;
  const state = await readContract(client, { ...contract, functionName: 'rootState', args: [root] });
  if (state.revoked) return { chainId, status: 'already-revoked' };
  const sorted = sortSigners(signatures);
  const { hash } = await send(client, chainId, 'revokeRoot', undefined, () =>
    simulateContract(client, {
      ...contract,
      functionName: 'revokeRoot',
      args: [root, sorted.map((s) => s.signer), sorted.map((s) => s.signature)],
      account: client.account,
      chain: client.chain,
    }),
  );
  return { chainId, status: 'revoked', hash };
}

function chainsOf(document: RootDocument): string {
  return [...new Set(document.leaves.map((l) => l.chainId))].join(', ');
}
