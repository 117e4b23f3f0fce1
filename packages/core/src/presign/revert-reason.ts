/** The decoded revert reason of a mined, reverted transaction (a node with `debug_traceTransaction`). */
import { decodeErrorResult, type Hex, type PublicClient } from 'viem';
import { lockstepErrorsAbi } from '../chain/error-abi.js';

type CallTrace = { output?: Hex; error?: string; revertReason?: string };

/**
 * The custom error inside a failed call or estimate, named with its arguments: the revert data is
 * looked for along the cause chain (viem keeps it as `data` on the RPC error) and decoded against
 * every contract's errors. `undefined` when no revert data is found.
 */
export function revertOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 20; e = e.cause, depth++) {
    const data = (e as { data?: unknown }).data;
    if (typeof data === 'string' && /^0x[0-9a-fA-F]{8,}$/.test(data)) return decodeRevertData(data as Hex);
  }
  return undefined;
}

function decodeRevertData(data: Hex): string {
  try {
    const decoded = decodeErrorResult({ abi: lockstepErrorsAbi, data });
    const args = (decoded.args ?? []).map((a) => (typeof a === 'bigint' ? a.toString() : String(a)));
    return `${decoded.errorName}(${args.join(', ')})`;
  } catch {
    return `revert data ${data}`;
  }
}

/**
 * Replays `hash` with the call tracer and decodes its revert data against every contract's errors
 * (`Error(string)` included); `undefined` when the node cannot trace.
 */
export async function revertReason(client: PublicClient, hash: Hex): Promise<string | undefined> {
  let trace: CallTrace;
  try {
    trace = (await client.request({
      method: 'debug_traceTransaction' as never,
      params: [hash, { tracer: 'callTracer' }] as never,
    })) as CallTrace;
  } catch {
    return undefined;
  }
  if (trace.output && trace.output !== '0x') return decodeRevertData(trace.output);
  return trace.revertReason ?? trace.error;
}
