/**
 * Prepares each chain's unsigned transaction of a plan: the call, the nonce, the gas limit and the
 * EIP-1559 fee caps, read from the chain now.
 *
 * Nonce strategy: nonce = the signer's confirmed nonce on the chain + the agreed offset (the plan's
 * `nonceOffset`, overridable per chain). An offset of 0 (the default) means "the next transaction
 * of this account is the pre-signed one": the account must send nothing else until the bundle is
 * broadcast or retired. An offset k > 0 leaves room for k transactions the team will send first (an
 * earlier bundle, say); they must all land before this one can (the gap is checked at verify and
 * broadcast, which refuse a chain whose gap is not filled). Preparing is refused while the account
 * has transactions in flight (pending nonce ≠ confirmed nonce): the base would be a guess.
 *
 * Gas: the estimate from the signer, plus a safety buffer (default 25 %), unless the plan gives a
 * limit (needed for a call that cannot run yet, e.g. `execute` before the activation time). Fees:
 * the priority fee the node suggests, and a fee cap of `feeMultiplier` (default 3) × the current base
 * fee plus that: the base fee can rise 12.5 % per full block, so 3× covers about nine full blocks in
 * a row; the account must hold gasLimit × maxFeePerGas at broadcast.
 */
import type { Address, Hex, PublicClient, TransactionSerializableEIP1559 } from 'viem';
import { estimateGas, estimateMaxPriorityFeePerGas, getBlock, getTransactionCount } from 'viem/actions';
import type { NetworkConfig } from '../config/schema.js';
import type { TransactionKind } from './bundle.js';
import { connect, findNetwork, type PresignChains } from './chain-access.js';
import { PresignError } from './errors.js';
import { type PlanTransaction, type PresignPlan, planCall } from './plan.js';
import { revertOf } from './revert-reason.js';
import { shortMessage } from './simulate.js';

export const DEFAULT_GAS_BUFFER_PERCENT = 25;
export const DEFAULT_FEE_MULTIPLIER = 3;
/** When the node suggests no priority fee. */
const FALLBACK_PRIORITY_FEE = 1_000_000_000n;

/** One chain's transaction, ready to sign. */
export type PreparedTransaction = {
  network: string;
  chainId: number;
  kind: TransactionKind;
  description: string;
  baseNonce: number;
  transaction: TransactionSerializableEIP1559 & { to: Address; data: Hex; nonce: number; gas: bigint };
};

export type PrepareTransactionsParameters = PresignChains & {
  plan: PresignPlan;
  /** The address that will sign (its nonce and gas estimate). */
  signer: Address;
  /** The UpgradeReceiver of a network, for `receiver-execute` entries that name none. */
  receiverOf?: (network: NetworkConfig) => Promise<Address>;
  gasBufferPercent?: number;
  feeMultiplier?: number;
  /** Unix seconds now. */
  now?: () => number;
  onProgress?: (event: { network: string; step: string }) => void;
};

/** Reads every plan entry's chain and returns its unsigned transaction; throws on the first chain that cannot be prepared. */
export async function prepareTransactions(parameters: PrepareTransactionsParameters): Promise<PreparedTransaction[]> {
  const { plan, now = () => Math.floor(Date.now() / 1000) } = parameters;
  if (plan.expiresAt <= now()) {
    throw new PresignError(`the plan's expiresAt (${iso(plan.expiresAt)}) has passed — set an expiry in the future`, {
      reason: 'expired',
    });
  }
  // Every network is looked up before any RPC is called, so a typo fails fast.
  const entries = plan.transactions.map((entry) => ({
    entry,
    network: findNetwork(parameters, { name: entry.network }),
  }));
  return Promise.all(entries.map(({ entry, network }) => prepareOne(parameters, entry, network)));
}

async function prepareOne(
  parameters: PrepareTransactionsParameters,
  entry: PlanTransaction,
  network: NetworkConfig,
): Promise<PreparedTransaction> {
  const { signer, plan, onProgress } = parameters;
  onProgress?.({ network: network.name, step: 'reading nonce, gas and fees' });
  const { client } = await connect(parameters, network);
  const receiver =
    entry.kind === 'receiver-execute' && !entry.receiver ? await parameters.receiverOf?.(network) : undefined;
  if (entry.kind === 'receiver-execute' && !entry.receiver && !receiver) {
    throw new PresignError(`${network.name}: no receiver for the execute entry — give "receiver" in the plan`, {
      reason: 'malformed-plan',
    });
  }
  const call = planCall(entry, receiver);
  const [confirmed, pending] = await Promise.all([
    getTransactionCount(client, { address: signer, blockTag: 'latest' }),
    getTransactionCount(client, { address: signer, blockTag: 'pending' }),
  ]);
  if (pending !== confirmed) {
    throw new PresignError(
      `${network.name}: ${signer} has ${pending - confirmed} transaction(s) in flight (nonces ${confirmed}..${pending - 1}) — wait until they are mined, then create the bundle`,
      { reason: 'pending-transactions' },
    );
  }
  const offset = entry.nonceOffset ?? plan.nonceOffset;
  const gas = entry.gasLimit ?? (await estimate(client, network, signer, call, parameters.gasBufferPercent));
  const fees = await feeCaps(client, entry, parameters.feeMultiplier ?? DEFAULT_FEE_MULTIPLIER);
  return {
    network: network.name,
    chainId: network.chainId,
    kind: entry.kind,
    description: call.description,
    baseNonce: confirmed,
    transaction: {
      type: 'eip1559',
      chainId: network.chainId,
      to: call.to,
      data: call.data,
      value: 0n,
      nonce: confirmed + offset,
      gas,
      ...fees,
    },
  };
}

async function estimate(
  client: PublicClient,
  network: NetworkConfig,
  signer: Address,
  call: { to: Address; data: Hex },
  bufferPercent = DEFAULT_GAS_BUFFER_PERCENT,
): Promise<bigint> {
  try {
    const estimated = await estimateGas(client, { account: signer, to: call.to, data: call.data });
    return (estimated * BigInt(100 + bufferPercent)) / 100n;
  } catch (cause) {
    const revert = revertOf(cause);
    const why = revert ? `it reverts now (${revert})` : `the node could not estimate it (${shortMessage(cause)})`;
    throw new PresignError(
      `${network.name}: cannot estimate the gas of the transaction: ${why} — if it can only run later (an execute before its activation time), give "gasLimit" for ${network.name} in the plan`,
      { reason: 'estimate-failed', cause },
    );
  }
}

async function feeCaps(
  client: PublicClient,
  entry: PlanTransaction,
  multiplier: number,
): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  const maxPriorityFeePerGas =
    entry.maxPriorityFeePerGas ?? (await estimateMaxPriorityFeePerGas(client).catch(() => FALLBACK_PRIORITY_FEE));
  if (entry.maxFeePerGas !== undefined) return { maxFeePerGas: entry.maxFeePerGas, maxPriorityFeePerGas };
  const block = await getBlock(client, { blockTag: 'latest' });
  const baseFee = block.baseFeePerGas ?? 0n;
  const scaled = (baseFee * BigInt(Math.round(multiplier * 100))) / 100n;
  return { maxFeePerGas: scaled + maxPriorityFeePerGas, maxPriorityFeePerGas };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
