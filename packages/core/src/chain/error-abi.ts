/**
 * Every custom error any Lockstep contract (or the OpenZeppelin contracts it deploys) can revert
 * with, in one ABI built from the generated client: each `…Abi` export's `error` items, one per
 * signature. A new contract in the client is covered without a line here.
 */
import * as client from '@lockstep/client';
import type { Abi } from 'viem';
import { formatAbiItem } from 'viem/utils';

/** One `error` item of an ABI. */
export type AbiError = Extract<Abi[number], { type: 'error' }>;

function isAbi(value: unknown): value is Abi {
  return Array.isArray(value);
}

/** The `error` items of `abis`, the first of each signature kept, in export order. */
export function collectErrors(abis: readonly Abi[]): AbiError[] {
  const bySignature = new Map<string, AbiError>();
  for (const abi of abis) {
    for (const item of abi) {
      if (item.type !== 'error') continue;
      const signature = formatAbiItem(item);
      if (!bySignature.has(signature)) bySignature.set(signature, item);
    }
  }
  return [...bySignature.values()];
}

/** Every contract's custom errors (see the module comment). */
export const lockstepErrorsAbi: readonly AbiError[] = collectErrors(
  Object.entries(client)
    .filter(([name, value]) => name.endsWith('Abi') && isAbi(value))
    .map(([, value]) => value as Abi),
);
