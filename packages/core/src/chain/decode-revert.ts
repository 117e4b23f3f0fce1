import { BaseError, ContractFunctionRevertedError, decodeErrorResult } from 'viem';
import { lockstepErrorsAbi } from './error-abi.js';

export type DecodedRevert = { errorName: string | undefined; args: readonly unknown[] };

/**
 * The revert inside a viem call/simulate/write error, or `undefined` when `error` is not a revert
 * (e.g. an RPC failure).
 */
export function findRevert(error: unknown): ContractFunctionRevertedError | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  return reverted instanceof ContractFunctionRevertedError ? reverted : undefined;
}

/**
 * The custom error of a revert: as viem decoded it, else its raw data decoded against every
 * contract's errors (`lockstepErrorsAbi`; needed because `simulateContract`'s `request` carries
 * only the function's ABI item, and because errors bubble up from one contract through another),
 * else `undefined`.
 */
export function decodeRevertData(
  reverted: ContractFunctionRevertedError,
): { errorName: string; args: readonly unknown[] } | undefined {
  if (reverted.data?.errorName) return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  if (!reverted.raw) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: lockstepErrorsAbi, data: reverted.raw });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    // No contract declares it: the caller reports it undecoded, with the raw error as cause.
    return undefined;
  }
}

/**
 * The custom error inside a viem call/simulate error, or `undefined` when `error` is not a revert
 * (e.g. an RPC failure). A revert no contract declares is named by its reason string
 * (`Error(reason)`), or not at all (`errorName: undefined`).
 */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  const reverted = findRevert(error);
  if (!reverted) return undefined;
  return (
    decodeRevertData(reverted) ?? {
      errorName: reverted.reason ? `Error(${reverted.reason})` : undefined,
      args: [],
    }
  );
}
