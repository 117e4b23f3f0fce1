/**
 * The scenario's own health checks after an upgrade: each call is simulated against the proxy from
 * a stranger's account (nothing is sent) and must return the expected values, or revert as
 * expected. Every check runs; the problems say what each returned instead.
 */
import { type Address, BaseError, ContractFunctionRevertedError, decodeFunctionResult, type Hex } from 'viem';
import type { DrillChain } from '../../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../../setup/keys.js';
import { canonical } from './call-values.js';
import type { ResolvedHealthCheck, ResolvedSystem } from './resolve-system.js';

/** The failed checks on `proxy`, one line each (empty: healthy). */
export async function ownHealthProblems(chain: DrillChain, proxy: Address, system: ResolvedSystem): Promise<string[]> {
  const results = await Promise.all(system.checks.map((check) => runCheck(chain, proxy, system, check)));
  return results.filter((problem): problem is string => problem !== undefined);
}

async function runCheck(
  chain: DrillChain,
  proxy: Address,
  system: ResolvedSystem,
  check: ResolvedHealthCheck,
): Promise<string | undefined> {
  const from = testAccount(KEY_INDEX.depositor).address;
  let data: Hex | undefined;
  try {
    ({ data } = await chain.client.call({ account: from, to: proxy, data: check.data }));
  } catch (error) {
    const revert = revertName(error, system);
    if (check.reverts === undefined)
      return `${check.label} reverted (${revert ?? 'no reason'}), expected ${check.returns}`;
    if (check.reverts !== '' && revert !== check.reverts)
      return `${check.label} reverted with ${revert ?? 'no reason'}, expected ${check.reverts}`;
    return undefined;
  }
  if (check.reverts !== undefined)
    return `${check.label} succeeded, expected it to revert${check.reverts ? ` with ${check.reverts}` : ''}`;
  const decoded = decodeFunctionResult({ abi: [check.fn], functionName: check.fn.name, data: data ?? '0x' }) as unknown;
  const values = check.fn.outputs.length === 1 ? [decoded] : (decoded as unknown[]);
  const got = canonical(values);
  return got === check.returns ? undefined : `${check.label} returned ${got}, expected ${check.returns}`;
}

/** The custom error's name, decoded with the release's (then the current build's) ABI. */
function revertName(error: unknown, system: ResolvedSystem): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const raw = error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as { data?: Hex } | null;
  if (!raw?.data || raw.data === '0x') return undefined;
  for (const abi of [system.release.abi, system.current.abi]) {
    const decoded = new ContractFunctionRevertedError({ abi, data: raw.data, functionName: '' }).data;
    if (decoded) return decoded.errorName;
  }
  return raw.data.slice(0, 10);
}
