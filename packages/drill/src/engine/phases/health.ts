/**
 * The post-upgrade health check the defenders run on a chain once its upgrade executed: the proxy
 * runs the approved implementation with the approved codehash and, for the example vault, the vault
 * is solvent and a depositor can still withdraw (simulated, nothing is sent). What a release
 * manager's monitoring checks before the next wave, and what triggers a rollback.
 */
import { vaultV1Abi } from '@lockstep/client';
import { detectImplementationDrift, readImplementation } from '@lockstep/core/detect';
import { decodeRevert } from '@lockstep/core/relay';
import { type Address, BaseError, type Hex } from 'viem';
import type { DrillChain } from '../../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../../setup/keys.js';
import type { HealthReport } from '../../types.js';
import { ownHealthProblems } from '../own-system/health-calls.js';
import { healthTestProblems, runHealthTests } from '../own-system/health-tests.js';
import type { ResolvedSystem } from '../own-system/resolve-system.js';

export type CheckHealthParameters = {
  chain: DrillChain;
  proxy: Address;
  /** The proxy is the example vault: also check solvency and a depositor's withdrawal. */
  vaultProbes: boolean;
  /** The proxy runs the scenario's own system: also run its health checks. */
  own?: ResolvedSystem;
  /** What the approved action installs here. */
  expected: { implementation: Address; codehash: Hex };
  /** Virtual seconds since the start, for the report. */
  at: number;
};

/** Runs every probe (none stops at the first failure) and reports what failed. */
export async function checkHealth(parameters: CheckHealthParameters): Promise<HealthReport> {
  const { chain, proxy, expected, at } = parameters;
  // The implementation and its code: the core detector a monitor runs after every upgrade.
  const drift = detectImplementationDrift({
    chain: chain.name,
    proxy,
    approved: expected,
    observed: await readImplementation(chain.client, proxy),
    now: at,
  });
  const problems: string[] = [...drift.problems];

  if (parameters.vaultProbes) problems.push(...(await vaultProblems(chain, proxy)));
  if (parameters.own) problems.push(...(await ownHealthProblems(chain, proxy, parameters.own)));
  const testRun = parameters.own?.tests
    ? await runHealthTests(parameters.own.tests, {
        rpcUrl: chain.rpcUrl,
        chainId: chain.chainId,
        proxy,
        release: expected.implementation,
      })
    : undefined;
  if (testRun) problems.push(...healthTestProblems(testRun));
  return {
    chain: chain.name,
    healthy: problems.length === 0,
    at,
    problems,
    ...(testRun ? { tests: testRun.results } : {}),
  };
}

/** The example vault's own invariants: solvent, and a depositor can withdraw (unless paused). */
async function vaultProblems(chain: DrillChain, vault: Address): Promise<string[]> {
  const problems: string[] = [];
  const [balance, totalDeposits, paused] = await Promise.all([
    chain.client.getBalance({ address: vault }),
    chain.client.readContract({ address: vault, abi: vaultV1Abi, functionName: 'totalDeposits' }),
    chain.client.readContract({ address: vault, abi: vaultV1Abi, functionName: 'paused' }),
  ]);
  if (balance < totalDeposits) {
    problems.push(`insolvent: holds ${balance} wei for ${totalDeposits} wei of deposits`);
  }

  // A paused vault refuses withdrawals by design: the probe only means something unpaused.
  const depositor = testAccount(KEY_INDEX.depositor);
  const deposited = await chain.client.readContract({
    address: vault,
    abi: vaultV1Abi,
    functionName: 'balanceOf',
    args: [depositor.address],
  });
  if (!paused && deposited > 0n) {
    const refusal = await chain.client
      .simulateContract({ account: depositor, address: vault, abi: vaultV1Abi, functionName: 'withdraw', args: [1n] })
      .then(
        () => undefined,
        (error: unknown) => reason(error),
      );
    if (refusal !== undefined) problems.push(`a depositor cannot withdraw: ${refusal}`);
  }
  return problems;
}

/** The decoded custom error (`VaultInsufficientBalance(…)`), else viem's one-line summary. */
function reason(error: unknown): string {
  const revert = decodeRevert(error);
  if (revert?.errorName) return `${revert.errorName}(${revert.args.map(String).join(', ')})`;
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? (error.message.split('\n')[0] ?? 'reverted') : 'reverted';
}
