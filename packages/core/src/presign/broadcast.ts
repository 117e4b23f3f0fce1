/**
 * Sends a bundle: at its not-before time (or at once when that has passed), each chain's raw
 * transaction, then its receipt. Chains go in parallel and independently: one chain's failure is
 * reported in its entry and never stops the others.
 */
import type { Hex } from 'viem';
import { getTransactionReceipt, sendRawTransaction, waitForTransactionReceipt } from 'viem/actions';
import type { Bundle, BundledTransaction } from './bundle.js';
import { connect, findNetwork, type PresignChains } from './chain-access.js';
import { nonceProblem, nonceState } from './nonce.js';
import { revertReason } from './revert-reason.js';
import { shortMessage } from './simulate.js';
import { checkNotExpired, waitUntil } from './timing.js';

export type ChainBroadcast = { chainId: number; network: string; hash: Hex } & (
  | { status: 'included'; blockNumber: bigint; gasUsed: bigint }
  /** Included before this run (a repeated broadcast): nothing sent. */
  | { status: 'already-included'; blockNumber: bigint }
  | { status: 'reverted'; blockNumber: bigint; reason: string }
  /** Not sent, or sent without a receipt: `reason` says which, with the fix. */
  | { status: 'failed'; sent: boolean; reason: string }
);

export type BroadcastBundleParameters = PresignChains & {
  bundle: Bundle;
  /** Unix seconds now. */
  now?: () => number;
  /** How long to wait for each receipt. Default: 2 minutes. */
  receiptTimeoutMs?: number;
  onProgress?: (event: { network: string | undefined; step: string }) => void;
  /**
   * Called once the checks that need no chain have passed (not expired, every chain in the config)
   * and before anything is waited for or sent: a confirmation. When it rejects, the broadcast
   * stops with that error and nothing is sent.
   */
  beforeSend?: () => Promise<void>;
};

export type BroadcastBundleReturnType = { ok: boolean; chains: ChainBroadcast[] };

/**
 * Throws `PresignError` before anything is sent: `expired`, or `unknown-chain` (a bundled chain the
 * config lacks: the config is not the bundle's, and a partial broadcast would follow), or what
 * `beforeSend` throws. After that, never throws: every chain gets an entry.
 */
export async function broadcastBundle(parameters: BroadcastBundleParameters): Promise<BroadcastBundleReturnType> {
  const { bundle, now = () => Date.now() / 1000 } = parameters;
  checkNotExpired(bundle, now());
  const entries = Object.entries(bundle.chains).map(([key, entry]) => ({
    entry,
    network: findNetwork(parameters, { chainId: Number(key) }),
  }));
  await parameters.beforeSend?.();
  await waitUntil(bundle.notBefore, {
    now,
    onWait: (left) => parameters.onProgress?.({ network: undefined, step: `waiting ${left} s for not-before` }),
  });
  checkNotExpired(bundle, now());
  const chains = await Promise.all(entries.map(({ entry, network }) => broadcastChain(parameters, network, entry)));
  return { ok: chains.every((c) => c.status === 'included' || c.status === 'already-included'), chains };
}

async function broadcastChain(
  parameters: BroadcastBundleParameters,
  network: Parameters<typeof connect>[1],
  entry: BundledTransaction,
): Promise<ChainBroadcast> {
  const base = { chainId: network.chainId, network: network.name, hash: entry.hash as Hex };
  const failed = (reason: string, sent = false): ChainBroadcast => ({ ...base, status: 'failed', sent, reason });
  const progress = (step: string) => parameters.onProgress?.({ network: network.name, step });
  let client: Awaited<ReturnType<typeof connect>>['client'];
  try {
    ({ client } = await connect(parameters, network));
  } catch (error) {
    return failed(shortMessage(error));
  }
  try {
    const earlier = await getTransactionReceipt(client, { hash: base.hash }).catch(() => undefined);
    if (earlier) return { ...base, status: 'already-included', blockNumber: earlier.blockNumber };
    const nonce = await nonceState(client, parameters.bundle.signer, entry.nonce);
    const problem = nonceProblem(nonce, entry.nonce, network.name);
    if (problem) return failed(`${problem} (not sent)`);
    progress('sending');
    try {
      await sendRawTransaction(client, { serializedTransaction: entry.raw as Hex });
    } catch (cause) {
      return failed(`${network.name}: the node refused the transaction: ${shortMessage(cause)} (not sent)`);
    }
    progress('waiting for the receipt');
    const receipt = await waitForTransactionReceipt(client, {
      hash: base.hash,
      timeout: parameters.receiptTimeoutMs ?? 120_000,
    }).catch(() => undefined);
    if (!receipt) {
      return failed(
        `${network.name}: sent, but no receipt within the timeout — check ${base.hash} on the chain before sending anything else from this account`,
        true,
      );
    }
    if (receipt.status === 'success') {
      return { ...base, status: 'included', blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
    }
    const reason = (await revertReason(client, base.hash)) ?? 'reverted without a reason';
    return { ...base, status: 'reverted', blockNumber: receipt.blockNumber, reason };
  } catch (cause) {
    return failed(
      `${network.name}: ${shortMessage(cause)} — run broadcast again (an included transaction is not sent twice)`,
    );
  }
}
