/**
 * `runForkMatrix`: replays the post-upgrade check on every chain of a kept drill. For each chain it
 * starts a fresh anvil forked from the drill's chain (so nothing the check does touches the drill's
 * state), runs forge's `test/fork/PostUpgrade.t.sol` against it with the chain's expectations in the
 * environment, and stops the fork. Chains run `concurrency` at a time; every anvil it starts is
 * stopped before it returns or throws, and at once when `signal` aborts.
 */
import { availableParallelism } from 'node:os';
import { upgradeReceiverAbi } from '@lockstep/client';
import { repoRoot, runFoundry, startAnvil } from '@lockstep/toolchain';
import { type Address, createPublicClient, type Hex, http } from 'viem';
import type { ChainReport, DrillReport } from '../types.js';
import { mapWithConcurrency } from './concurrency.js';
import { type ForgeTestFailure, parseForgeTestJson } from './forge-json.js';
import { ForkMatrixError, type ForkMatrixErrorType } from './fork-matrix-error.js';
import { POST_UPGRADE_TEST, postUpgradeEnv } from './post-upgrade-env.js';

type Anvil = Awaited<ReturnType<typeof startAnvil>>;

export type ForkMatrixChainResult = {
  chain: string;
  chainId: number;
  /**
   * `pass`: every check passed; `fail`: a check failed; `error`: the check could not run;
   * `not-upgraded`: the proposal did not target this chain (no approved codehash), so nothing to check.
   */
  result: 'pass' | 'fail' | 'error' | 'not-upgraded';
  passed: number;
  failed: number;
  skipped: number;
  /** Wall time of this chain's fork + forge run. */
  wallMs: number;
  failures: ForgeTestFailure[];
  /** Why the check could not run (`result: 'error'`). */
  error?: string;
};

export type ForkMatrixProgress =
  | { type: 'build-start' }
  | { type: 'build-end'; wallMs: number }
  | { type: 'chain-start'; chain: string; chainId: number; forkRpcUrl: string; pid: number }
  | { type: 'chain-end'; result: ForkMatrixChainResult };

export type RunForkMatrixParameters = {
  /** A drill report from `runDrill({ keep: true })`: its chains must still run. */
  report: DrillReport;
  /** What the drill's depositor deposited on every chain (the scenario's `attacker.depositWei`). */
  depositWei?: string;
  /** The Foundry project (default: the repository root). */
  root?: string;
  /** Chains checked at once. Default: the machine's cores, 1 to 4. */
  concurrency?: number;
  /** Aborting stops every fork anvil at once; the call then rejects. */
  signal?: AbortSignal;
  onProgress?: (progress: ForkMatrixProgress) => void;
};

export type RunForkMatrixReturnType = {
  scenario: string;
  runId: string;
  ok: boolean;
  concurrency: number;
  /** The one `forge build` before the chains run (parallel forge runs then share its cache). */
  buildMs: number;
  wallMs: number;
  chains: ForkMatrixChainResult[];
};

export type RunForkMatrixErrorType = ForkMatrixErrorType;

export function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * @example
 * const drill = await runDrill({ scenario, keep: true })
 * try {
 *   const matrix = await runForkMatrix({ report: drill.report, depositWei: scenario.attacker.depositWei })
 *   matrix.ok // every chain passed
 * } finally {
 *   await drill.stop()
 * }
 */
export async function runForkMatrix(parameters: RunForkMatrixParameters): Promise<RunForkMatrixReturnType> {
  const { report, signal } = parameters;
  const root = parameters.root ?? repoRoot;
  const concurrency = Math.max(1, parameters.concurrency ?? defaultConcurrency());
  const emit = parameters.onProgress ?? (() => {});
  if (!report.kept) throw new ForkMatrixError('the drill did not keep its chains; run it with keep: true');
  const vaultV2 = report.addresses?.vaultV2;
  const expectedImplementation = typeof vaultV2 === 'string' ? vaultV2 : undefined;
  if (!expectedImplementation)
    throw new ForkMatrixError('the drill report names no deployed VaultV2 (report.addresses.vaultV2)');
  const started = performance.now();

  const forks = new Set<Anvil>();
  const stopForks = () => Promise.all([...forks].map((fork) => fork.stop()));
  const onAbort = () => void stopForks();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    emit({ type: 'build-start' });
    const buildStarted = performance.now();
    const build = await runFoundry('forge', ['build', '--root', root], { cwd: root, quiet: true });
    if (build.code !== 0)
      throw new ForkMatrixError(`forge build failed (exit ${build.code})`, { details: lastLines(build.stdout, 20) });
    const buildMs = Math.round(performance.now() - buildStarted);
    emit({ type: 'build-end', wallMs: buildMs });

    const checkChain = async (chain: ChainReport): Promise<ForkMatrixChainResult> => {
      signal?.throwIfAborted();
      const chainStarted = performance.now();
      const base = { chain: chain.name, chainId: chain.chainId };
      if (!chain.expectedCodehash)
        return { ...base, result: 'not-upgraded', passed: 0, failed: 0, skipped: 0, wallMs: 0, failures: [] };
      let fork: Anvil | undefined;
      try {
        fork = await startAnvil({
          name: `fork of ${chain.name}`,
          chainId: chain.chainId,
          extraArgs: ['--fork-url', chain.rpcUrl, '--no-storage-caching'],
        });
        forks.add(fork);
        signal?.throwIfAborted();
        emit({ type: 'chain-start', ...base, forkRpcUrl: fork.rpcUrl, pid: fork.pid });
        const receiver = typeof report.addresses?.receiver === 'string' ? report.addresses.receiver : undefined;
        const messageId = receiver ? await executedMessageId(fork.rpcUrl, receiver, chain) : undefined;
        const env = postUpgradeEnv({
          chain,
          forkRpcUrl: fork.rpcUrl,
          expectedImplementation,
          receiver,
          messageId,
          depositWei: parameters.depositWei,
        });
        const run = await runFoundry(
          'forge',
          [
            'test',
            '--root',
            root,
            '--match-path',
            POST_UPGRADE_TEST,
            // foundry.toml's default profile leaves test/fork out; this file is the one to run.
            '--no-match-path',
            '__none__',
            '--no-storage-caching',
            '--json',
          ],
          { cwd: root, quiet: true, env: { ...process.env, ...env } },
        );
        signal?.throwIfAborted();
        const counts = parseForgeTestJson(run.stdout);
        const wallMs = Math.round(performance.now() - chainStarted);
        if (!counts)
          return {
            ...base,
            result: 'error',
            passed: 0,
            failed: 0,
            skipped: 0,
            wallMs,
            failures: [],
            error: `forge printed no results (exit ${run.code}): ${lastLines(run.stdout, 5)}`,
          };
        const failed = counts.failed > 0 || run.code !== 0 || counts.passed === 0;
        return { ...base, result: failed ? 'fail' : 'pass', wallMs, ...counts };
      } catch (error) {
        if (signal?.aborted) throw error;
        return {
          ...base,
          result: 'error',
          passed: 0,
          failed: 0,
          skipped: 0,
          wallMs: Math.round(performance.now() - chainStarted),
          failures: [],
          error: error instanceof Error ? error.message.split('\n')[0] : String(error),
        };
      } finally {
        if (fork) {
          await fork.stop();
          forks.delete(fork);
        }
      }
    };

    const chains = await mapWithConcurrency(report.chains, concurrency, async (chain) => {
      const result = await checkChain(chain);
      emit({ type: 'chain-end', result });
      return result;
    });
    return {
      scenario: report.scenario,
      runId: report.runId,
      ok:
        chains.some((c) => c.result === 'pass') &&
        chains.every((c) => c.result === 'pass' || c.result === 'not-upgraded'),
      concurrency,
      buildMs,
      wallMs: Math.round(performance.now() - started),
      chains,
    };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await stopForks();
  }
}

/** The id of the message whose execution upgraded `chain.proxy` (from the receiver's `UpgradeExecuted`). */
async function executedMessageId(rpcUrl: string, receiver: string, chain: ChainReport): Promise<Hex | undefined> {
  if (chain.executedAtBlock === null) return undefined;
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 30_000 }) });
  const block = BigInt(chain.executedAtBlock);
  const events = await client.getContractEvents({
    address: receiver as Address,
    abi: upgradeReceiverAbi,
    eventName: 'UpgradeExecuted',
    args: { proxy: chain.proxy as Address },
    fromBlock: block,
    toBlock: block,
  });
  return events.at(-1)?.args.messageId;
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}
