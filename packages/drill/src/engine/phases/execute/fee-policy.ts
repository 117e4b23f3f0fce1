/**
 * The keeper's fee policy, when the scenario caps it (`response.executorMaxFeeGwei`): its
 * execution is priced before activation (twice the base fee then, plus a tip: the transaction it
 * prepares ahead), and at each block it tries:
 *
 * - the next block's base fee (read from the chain) is above the cap: it does not send (no offer
 *   within the cap can be included), raises `fee-cap-reached` once and tries the next block;
 * - else it sends at its offer; a node that refuses it (`max fee per gas less than block base
 *   fee`) gets a bumped offer at the next block: twice the base fee plus the tip, at least an
 *   eighth more than before, never above the cap (`execution-underpriced`).
 *
 * Without a cap the keeper pays the node's estimate (the library's default) and none of this runs.
 */
import type { ExecutionReport } from '@lockstep/core/executor';
import { formatGwei, parseGwei } from 'viem';
import type { ExecutionFeeReport, FeeAttempt } from '../../../types.js';
import type { ChainState, DrillContext } from '../../drill-context.js';

/** The priority fee the keeper offers (wei per gas). */
export const KEEPER_TIP_WEI = parseGwei('1');

/** What the node says when an offer is below the next block's base fee (anvil and geth alike). */
const REFUSED = /max fee per gas less than block base fee|fee cap less than block base fee/i;

type ChainFees = {
  offer: bigint;
  attempts: FeeAttempt[];
  txHash: string | null;
  delay: number | null;
  capped: boolean;
};
type Ledger = { cap: bigint; chains: Map<string, ChainFees> };

const ledgers = new WeakMap<DrillContext, Ledger>();

function ledgerOf(ctx: DrillContext): Ledger | undefined {
  const gwei = ctx.scenario.response.executorMaxFeeGwei;
  if (gwei === undefined) return undefined;
  let ledger = ledgers.get(ctx);
  if (!ledger) {
    ledger = { cap: parseGwei(String(gwei)), chains: new Map() };
    ledgers.set(ctx, ledger);
  }
  return ledger;
}

/** The offer the market asks for a base fee: twice it plus the tip, within the cap. */
export function marketOffer(baseFee: bigint, cap: bigint): bigint {
  return lesser(2n * baseFee + KEEPER_TIP_WEI, cap);
}

/** The offer after a refusal: the market's for the base fee now, at least an eighth more than before, within the cap. */
export function bumpedOffer(previous: bigint, baseFee: bigint, cap: bigint): bigint {
  const eighthMore = previous + (previous + 7n) / 8n;
  const market = marketOffer(baseFee, cap);
  return lesser(market > eighthMore ? market : eighthMore, cap);
}

/** Prices each queued chain's execution ahead of activation, from the base fee its latest block shows. */
export async function priceAhead(ctx: DrillContext, states: readonly ChainState[]): Promise<void> {
  const ledger = ledgerOf(ctx);
  if (!ledger) return;
  await Promise.all(
    states
      .filter((s) => s.queuedAt !== undefined && !ledger.chains.has(s.chain.name))
      .map(async (s) => {
        const block = await s.chain.client.getBlock({ blockTag: 'latest' });
        const offer = marketOffer(block.baseFeePerGas ?? 0n, ledger.cap);
        ledger.chains.set(s.chain.name, { offer, attempts: [], txHash: null, delay: null, capped: false });
      }),
  );
}

/** The fees for the keeper's attempt at the block at `at`, `wait` where the cap stops it; undefined: no policy. */
export async function offerFor(
  ctx: DrillContext,
  state: ChainState,
  at: number,
): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | 'wait' | undefined> {
  const ledger = ledgerOf(ctx);
  if (!ledger || state.queuedAt === undefined || !state.message) return undefined;
  const pending = await state.chain.client.getBlock({ blockTag: 'pending' });
  const baseFee = pending.baseFeePerGas ?? 0n;
  let fees = ledger.chains.get(state.chain.name);
  if (!fees) {
    fees = { offer: marketOffer(baseFee, ledger.cap), attempts: [], txHash: null, delay: null, capped: false };
    ledger.chains.set(state.chain.name, fees);
  }
  const attempt = {
    at,
    blockNumber: Number(pending.number ?? 0n),
    baseFeeWei: baseFee.toString(),
    offerWei: fees.offer.toString(),
  };
  if (baseFee > ledger.cap) {
    // A run of capped blocks is one entry: its first block, and the last one (`throughBlock`).
    const previous = fees.attempts.at(-1);
    if (previous?.outcome === 'capped') previous.throughBlock = attempt.blockNumber;
    else fees.attempts.push({ ...attempt, outcome: 'capped' });
    if (!fees.capped) {
      ctx.recorder.alert(
        'fee-cap-reached',
        state.chain.name,
        at,
        `${state.chain.name}'s base fee ${formatGwei(baseFee)} gwei is above the keeper's cap ${formatGwei(ledger.cap)} gwei: the execution waits for it to fall`,
      );
    }
    fees.capped = true;
    // It has seen the base fee beyond any offer it may make: its next offer is its cap.
    fees.offer = ledger.cap;
    state.nextAttemptAt = at + state.chain.blockTime;
    return 'wait';
  }
  fees.attempts.push({ ...attempt, outcome: 'sent' });
  const tip = lesser(KEEPER_TIP_WEI, fees.offer);
  return { maxFeePerGas: fees.offer, maxPriorityFeePerGas: tip };
}

/**
 * Settles a refused offer (true): the node refused it for the base fee; the keeper bumps it within
 * the cap and tries the next block. False: not a fee refusal (the caller settles the outcome).
 */
export function refusedForFee(ctx: DrillContext, state: ChainState, report: ExecutionReport, at: number): boolean {
  const ledger = ledgerOf(ctx);
  const fees = ledger?.chains.get(state.chain.name);
  const last = fees?.attempts.at(-1);
  if (!ledger || !fees || !last || report.status !== 'failed' || !REFUSED.test(errorText(report.error))) return false;
  last.outcome = 'refused';
  fees.offer = bumpedOffer(fees.offer, BigInt(last.baseFeeWei), ledger.cap);
  ctx.recorder.alert(
    'execution-underpriced',
    state.chain.name,
    at,
    `the node refused the execution on ${state.chain.name} at ${formatGwei(BigInt(last.offerWei))} gwei (base fee ${formatGwei(BigInt(last.baseFeeWei))} gwei): the keeper bumps to ${formatGwei(fees.offer)} gwei (cap ${formatGwei(ledger.cap)})`,
  );
  state.nextAttemptAt = at + state.chain.blockTime;
  return true;
}

/** Records the execution's transaction and its delay past activation. */
export function executedWithFees(
  ctx: DrillContext,
  state: ChainState,
  report: ExecutionReport,
  at: number,
  activation: number,
) {
  const fees = ledgerOf(ctx)?.chains.get(state.chain.name);
  if (!fees || report.status !== 'executed') return;
  fees.txHash = report.transactionHash;
  fees.delay = Math.round(at - activation);
}

/** The fee policy's report, in the scenario's chain order; undefined without a cap. */
export function feeReport(ctx: DrillContext): ExecutionFeeReport[] | undefined {
  const ledger = ledgerOf(ctx);
  if (!ledger) return undefined;
  return ctx.chains.flatMap((chain) => {
    const fees = ledger.chains.get(chain.name);
    if (!fees) return [];
    return [
      {
        chain: chain.name,
        capWei: ledger.cap.toString(),
        attempts: fees.attempts,
        txHash: fees.txHash,
        delaySeconds: fees.delay,
        stoppedByCap: fees.capped,
      },
    ];
  });
}

/** The smaller of two bigints (`Math.min` takes numbers only). */
function lesser(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** An error's message with its causes' (viem wraps the node's reason). */
function errorText(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(' | ');
}
