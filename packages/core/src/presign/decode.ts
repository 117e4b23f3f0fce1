/**
 * What a bundled raw transaction does, read from its bytes alone (never from the bundle's own
 * description): who signed it, the chain, nonce, gas and fees, the target, and the call decoded
 * against the generated ABIs (UpgradeReceiver, ProxyAdmin, UUPS).
 */
import { proxyAdminAbi, upgradeReceiverAbi } from '@lockstep/client';
import {
  type Abi,
  type Address,
  decodeFunctionData,
  type Hex,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
} from 'viem';
import { decodeMessage } from '../message/codec.js';
import { uupsUpgradeAbi } from './plan.js';

export type DecodedCall = { functionName: string; args: readonly unknown[]; text: string };

export type DecodedTransaction = {
  hash: Hex;
  signer: Address;
  chainId: number;
  nonce: number;
  to: Address | undefined;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  value: bigint;
  /** The decoded call, or `undefined` when no known ABI has its selector. */
  call: DecodedCall | undefined;
};

const ABIS: readonly Abi[] = [upgradeReceiverAbi, proxyAdminAbi, uupsUpgradeAbi];

/** Decodes and recovers a signed EIP-1559 transaction. Throws when `raw` is not one. */
export async function decodeTransaction(raw: Hex): Promise<DecodedTransaction> {
  const tx = parseTransaction(raw);
  const signer = await recoverTransactionAddress({ serializedTransaction: raw as `0x02${string}` });
  return {
    hash: keccak256(raw),
    signer,
    chainId: tx.chainId ?? 0,
    nonce: tx.nonce ?? 0,
    to: tx.to ?? undefined,
    gasLimit: tx.gas ?? 0n,
    maxFeePerGas: tx.maxFeePerGas ?? 0n,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? 0n,
    value: tx.value ?? 0n,
    call: tx.data ? decodeCall(tx.data) : undefined,
  };
}

/** A call's data decoded against the known ABIs, or `undefined` when none has its selector. */
export function decodeCall(data: Hex): DecodedCall | undefined {
  for (const abi of ABIS) {
    try {
      const { functionName, args = [] } = decodeFunctionData({ abi, data });
      return {
        functionName,
        args,
        text: `${functionName}(${args.map((a) => describeArg(functionName, a)).join(', ')})`,
      };
    } catch {
      // not this ABI's selector: try the next
    }
  }
  return undefined;
}

function describeArg(functionName: string, arg: unknown): string {
  if (functionName === 'execute' && typeof arg === 'string') {
    try {
      const m = decodeMessage(arg as Hex);
      return `message #${m.nonce} from chain ${m.srcChainId} to chain ${m.dstChainId}`;
    } catch {
      return arg;
    }
  }
  return typeof arg === 'bigint' ? arg.toString() : String(arg);
}
