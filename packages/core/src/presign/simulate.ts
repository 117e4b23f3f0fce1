/**
 * Runs a signed transaction on a throw-away fork of its chain (a local anvil `--fork-url` the
 * chain's RPC, started and stopped here), at the bundle's not-before time when that is later than
 * the chain's: the real transaction, its real signature, nonce and fees, with no effect on the chain.
 */
import { startAnvil } from '@lockstep/toolchain';
import { type Address, BaseError, createPublicClient, type Hex, numberToHex } from 'viem';
import { getBlock, getTransactionCount, sendRawTransaction, waitForTransactionReceipt } from 'viem/actions';
import { rpcHttp } from '../chain/clients.js';
import { LockstepError } from '../errors/base.js';
import { revertReason } from './revert-reason.js';

export type Simulation =
  | { status: 'success'; gasUsed: bigint }
  | { status: 'reverted'; gasUsed: bigint; reason: string }
  /** The fork's node refused the transaction (nonce, balance, fee cap below the base fee, chain id). */
  | { status: 'rejected'; reason: string }
  /** No fork could be started (the chain's RPC is dead, say). */
  | { status: 'not-run'; reason: string };

export type SimulateParameters = {
  network: string;
  chainId: number;
  /** The chain's RPC, which the fork reads state from. */
  url: string;
  raw: Hex;
  /** Unix seconds: the fork's next block is at least this late. */
  at: number;
  /** The transaction's signer and nonce: earlier nonces still unused are taken as used on the fork. */
  signer: Address;
  nonce: number;
};

/**
 * The transaction's outcome on a fork at `at`. A nonce gap (earlier nonces unused) is closed on
 * the fork (`anvil_setNonce`), so the call is still judged; the gap itself is the caller's to report.
 */
export async function simulateOnFork({
  network,
  chainId,
  url,
  raw,
  at,
  signer,
  nonce,
}: SimulateParameters): Promise<Simulation> {
  let fork: Awaited<ReturnType<typeof startAnvil>>;
  try {
    fork = await startAnvil({ name: `fork of ${network}`, chainId, extraArgs: ['--fork-url', url] });
  } catch (cause) {
    return { status: 'not-run', reason: `no fork of ${network} could be started (${shortMessage(cause)})` };
  }
  try {
    const client = createPublicClient({ transport: rpcHttp(fork.rpcUrl, { retryCount: 0 }), pollingInterval: 50 });
    const latest = await getBlock(client, { blockTag: 'latest' });
    if (BigInt(at) > latest.timestamp) {
      await client.request({ method: 'evm_setNextBlockTimestamp' as never, params: [numberToHex(at)] as never });
    }
    if ((await getTransactionCount(client, { address: signer })) < nonce) {
      await client.request({ method: 'anvil_setNonce' as never, params: [signer, numberToHex(nonce)] as never });
    }
    let hash: Hex;
    try {
      hash = await sendRawTransaction(client, { serializedTransaction: raw });
    } catch (cause) {
      return { status: 'rejected', reason: shortMessage(cause) };
    }
    const receipt = await waitForTransactionReceipt(client, { hash, timeout: 30_000 }).catch(() => undefined);
    if (!receipt)
      return { status: 'rejected', reason: 'the fork accepted the transaction but did not mine it within 30 s' };
    if (receipt.status === 'success') return { status: 'success', gasUsed: receipt.gasUsed };
    const reason = (await revertReason(client, hash)) ?? 'reverted without a reason';
    return { status: 'reverted', gasUsed: receipt.gasUsed, reason };
  } finally {
    await fork.stop();
  }
}

/**
 * An error in one line: a Lockstep error's short message, a viem error's details (the node's own
 * words), else the message's first line.
 */
export function shortMessage(error: unknown): string {
  if (error instanceof LockstepError) return error.shortMessage;
  if (error instanceof BaseError) return error.details || error.shortMessage;
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.message;
  return String(error);
}
