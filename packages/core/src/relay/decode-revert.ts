import { governanceHubAbi, guardianAdapterAbi, upgradeReceiverAbi } from '@lockstep/client';
import { type Abi, BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from 'viem';

/**
 * Every custom error a delivery, an execution or an acknowledgement can revert with (adapter,
 * receiver, hub). Needed because `simulateContract`'s `request` carries only the function's ABI
 * item, so a revert at send time arrives undecoded.
 */
const ERROR_ABIS: readonly Abi[] = [guardianAdapterAbi, upgradeReceiverAbi, governanceHubAbi];

export type DecodedRevert = { errorName: string | undefined; args: readonly unknown[] };

/**
 * The custom error inside a viem call/simulate error, or `undefined` when `error` is not a revert
 * (e.g. an RPC failure). The receiver's errors bubble up through the adapter, so every ABI is tried.
 */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  if (reverted.data?.errorName) return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  const raw: Hex | undefined = reverted.raw;
  if (raw) {
    for (const abi of ERROR_ABIS) {
      try {
        const decoded = decodeErrorResult({ abi, data: raw });
        return { errorName: decoded.errorName, args: decoded.args ?? [] };
      } catch {
        // Not an error of this ABI: try the next one.
      }
    }
  }
  return { errorName: reverted.reason ? `Error(${reverted.reason})` : undefined, args: [] };
}
