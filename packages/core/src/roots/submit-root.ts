/**
 * Brings a signed root to one chain: sets it (once) and executes that chain's leaves, each at most
 * once. Everything that can be known before sending is checked first (the chain has leaves, the
 * adapter is there, the root is not expired, revoked or signed by a rotated-out set), and every
 * call is simulated before it is sent, so a refusal costs nothing and names its cause.
 */
import { councilFallbackAdapterAbi } from '@lockstep/client';
import { type Address, type Hash, type Hex, isAddressEqual, parseEventLogs, type TransactionReceipt } from 'viem';
import { estimateFeesPerGas, getBlock, getChainId, getCode, readContract, simulateContract } from 'viem/actions';
import { waitForReceipt } from '../chain/send-and-wait.js';
import type { SignerClient } from '../chain/types.js';
import { RootError, RootRevertError } from '../errors/roots.js';
import { decodeMessage } from '../message/codec.js';
import { type EmergencyDelivery, emergencyOutcomesFromLogs } from '../message/emergency-outcomes.js';
import { PAYLOAD_KIND, payloadKind } from '../message/payload.js';
import {
  isConsumed,
  MESSAGE_STATUSES,
  type MessageStatus,
  readMessageState,
  type SkipReason,
} from '../message/receiver-state.js';
import type { RootDocument } from './document.js';
import { sendRootCall, sendRootCallAndWait } from './root-call.js';
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
  /**
   * `set`: this call set (or raised) the root in transaction `hash`; with a leaf to run, that is the
   * leaf's own transaction (`setRootAndExecuteLeaf`). `already-set`: it found the root set.
   */
  setRoot: { status: 'set'; hash: Hash; blockNumber: bigint } | { status: 'already-set' };
  leaves: RootLeafResult[];
};

/** `ICouncilRoots.RootAuthority.Full`. */
const FULL_AUTHORITY = 2;

type Leaf = RootDocument['leaves'][number];

/**
 * Sets `document`'s root on the client's chain if it is not set, and executes the chain's leaves.
 * A leaf whose message the receiver already consumed is skipped; so is one this adapter already
 * confirmed (k > 1). When the root needs setting, each leaf goes in one transaction that sets the
 * root and runs the leaf (`setRootAndExecuteLeaf`): a chain with one leaf (a pre-signed pause) is
 * done in one transaction, so in one block. The leaves' transactions are all simulated and sent
 * before any is awaited; each sets the root only if it is still unset when it runs.
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

  const setUnderThisSet = state.validUntil !== 0 && state.membersNonce === nonce;
  // A root someone set with only an emergency quorum's signatures is raised by the full set when
  // this chain's leaves need it (anything but a pause).
  const needsFull = leaves.some((leaf) => payloadKind(decodeMessage(leaf.message).payload) !== PAYLOAD_KIND.pause);
  const needsSet = !setUnderThisSet || (needsFull && state.authority !== FULL_AUTHORITY);

  const waiting: Leaf[] = [];
  const results: RootLeafResult[] = [];
  for (const leaf of leaves) {
    const before = await readMessageState(client, receiver, leaf.messageId);
    if (isConsumed(before.status)) {
      results.push({ status: 'skipped', messageId: leaf.messageId, reason: 'consumed', receiverStatus: before.status });
    } else waiting.push(leaf);
  }

  const signatures = sortSigners(document.signatures);
  const signed = [
    document.root,
    document.validUntil,
    signatures.map((s) => s.signer),
    signatures.map((s) => s.signature),
  ] as const;
  const call = { client, chainId } as const;
  const request = { ...contract, account: client.account, chain: client.chain } as const;
  /** The leaf's call: with the root's signatures while the root needs setting, else on its own. */
  const leafCall = (leaf: Leaf) =>
    needsSet
      ? ({
          functionName: 'setRootAndExecuteLeaf',
          simulate: () =>
            simulateContract(client, {
              ...request,
              functionName: 'setRootAndExecuteLeaf',
              args: [...signed, leaf.message, leaf.proof],
            }),
        } as const)
      : ({
          functionName: 'executeLeaf',
          simulate: () =>
            simulateContract(client, {
              ...request,
              functionName: 'executeLeaf',
              args: [document.root, leaf.message, leaf.proof],
            }),
        } as const);

  let setRoot: SubmitRootReturnType['setRoot'] = { status: 'already-set' };
  const noteRootSet = (hash: Hash, receipt: TransactionReceipt) => {
    if (setRoot.status === 'already-set' && rootSetIn(receipt, document)) {
      setRoot = { status: 'set', hash, blockNumber: receipt.blockNumber };
    }
  };
  if (needsSet && waiting.length === 0) {
    // Every leaf here is consumed: only the root is left to set (or raise).
    const { hash, receipt } = await sendRootCallAndWait({
      ...call,
      functionName: 'setRoot',
      simulate: () => simulateContract(client, { ...request, functionName: 'setRoot', args: signed }),
    });
    noteRootSet(hash, receipt);
  }

  // Pipelined while the root needs setting: every leaf's transaction is simulated and sent before
  // any is awaited (one fee quote for the batch, read first, so each transaction's bytes are the
  // same whatever was mined meanwhile). Each of them sets the root if it is still unset.
  const pipelined = new Map<Hex, Hash>();
  if (needsSet && waiting.length > 0) {
    const fees = await estimateFeesPerGas(client).catch(() => undefined);
    for (const leaf of waiting) {
      try {
        pipelined.set(
          leaf.messageId,
          await sendRootCall({ ...call, ...leafCall(leaf), messageId: leaf.messageId, fees }),
        );
      } catch (error) {
        // Refused while filling (another executor's transaction may already be pending): tried
        // again one at a time below, where a consumed leaf is skipped and any other error named.
        if (!(error instanceof RootRevertError)) throw error;
      }
    }
  }

  for (const leaf of waiting) {
    const sent = pipelined.get(leaf.messageId);
    if (sent) {
      const receipt = await waitForReceipt(client, sent);
      if (receipt.status === 'success') {
        noteRootSet(sent, receipt);
        results.push(await executed(client, receiver, leaf.messageId, sent, receipt));
        continue;
      }
      const now = await readMessageState(client, receiver, leaf.messageId);
      if (isConsumed(now.status)) {
        results.push({ status: 'skipped', messageId: leaf.messageId, reason: 'consumed', receiverStatus: now.status });
        continue;
      }
    }
    // Sent one at a time (and, after a reverted pipelined one, again: simulated, so its error is named).
    try {
      const { hash, receipt } = await sendRootCallAndWait({ ...call, ...leafCall(leaf), messageId: leaf.messageId });
      noteRootSet(hash, receipt);
      results.push(await executed(client, receiver, leaf.messageId, hash, receipt));
    } catch (error) {
      const consumed = consumedIn(error);
      if (consumed) {
        // Another executor's transaction got there first (mined, or pending when ours was filled).
        results.push({ status: 'skipped', messageId: leaf.messageId, reason: 'consumed', receiverStatus: consumed });
        continue;
      }
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

/** The receiver's status named by a `ReceiverMessageConsumed` refusal, else `undefined`. */
function consumedIn(error: unknown): MessageStatus | undefined {
  if (!(error instanceof RootRevertError) || error.errorName !== 'ReceiverMessageConsumed') return undefined;
  const status = MESSAGE_STATUSES[Number(error.args[1])];
  return status && isConsumed(status) ? status : 'Executed';
}

/** Whether the adapter logged `RootSet` for the document's root in `receipt`. */
function rootSetIn(receipt: TransactionReceipt, document: RootDocument): boolean {
  return parseEventLogs({ abi: councilFallbackAdapterAbi, eventName: 'RootSet', logs: receipt.logs }).some(
    (log) => isAddressEqual(log.address, document.adapter) && log.args.root === document.root,
  );
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

function chainsOf(document: RootDocument): string {
  return [...new Set(document.leaves.map((l) => l.chainId))].join(', ');
}
