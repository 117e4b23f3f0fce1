/**
 * What `presign create` is about to sign and `presign broadcast` is about to send, one block per
 * chain: the target, the call decoded from the transaction's own bytes, what the plan says it
 * does, the nonce, gas and the most it can cost. Shown before the confirmation question.
 */
import {
  type BundledTransaction,
  decodeCall,
  decodeTransaction,
  type PreparedTransaction,
} from '@lockstep/core/presign';
import { formatEther, formatGwei, type Hex, parseTransaction } from 'viem';

/** One chain's transaction as the preview shows it. */
export type ChainPreview = {
  network: string;
  chainId: number;
  to: string | undefined;
  /** The decoded call, or the raw data when no known ABI has its selector. */
  call: string;
  /** What the plan says the transaction does. */
  description: string;
  nonce: number;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  /** The signed transaction's hash (a bundle's), when there is one. */
  hash?: Hex;
};

/** A prepared (not yet signed) transaction's preview. */
export function preparedPreview({ network, chainId, description, transaction: t }: PreparedTransaction): ChainPreview {
  return {
    network,
    chainId,
    to: t.to,
    call: callText(t.data),
    description,
    nonce: t.nonce,
    gasLimit: t.gas,
    maxFeePerGas: t.maxFeePerGas ?? 0n,
  };
}

/** A bundled transaction's preview, read from its signed bytes (not from the bundle's own fields). */
export async function bundledPreview(entry: BundledTransaction): Promise<ChainPreview> {
  const raw = entry.raw as Hex;
  const decoded = await decodeTransaction(raw);
  return {
    network: entry.network,
    chainId: decoded.chainId,
    to: decoded.to,
    call: callText(parseTransaction(raw).data ?? '0x'),
    description: entry.description,
    nonce: decoded.nonce,
    gasLimit: decoded.gasLimit,
    maxFeePerGas: decoded.maxFeePerGas,
    hash: decoded.hash,
  };
}

/** The preview's lines: a heading, then one indented block per chain. */
export function describePreview(heading: string, chains: readonly ChainPreview[]): string {
  const lines = [heading];
  for (const c of chains) {
    lines.push(
      `  ${c.network} (chain ${c.chainId})`,
      `    to          ${c.to ?? '(contract creation)'}`,
      `    call        ${c.call}`,
      `    plan says   ${c.description}`,
      `    nonce ${c.nonce}, gas limit ${c.gasLimit}, max fee ${formatGwei(c.maxFeePerGas)} gwei, at most ${formatEther(c.gasLimit * c.maxFeePerGas)} ETH`,
    );
    if (c.hash) lines.push(`    hash        ${c.hash}`);
  }
  return lines.join('\n');
}

function callText(data: Hex): string {
  return decodeCall(data)?.text ?? `(unknown function) ${data}`;
}
