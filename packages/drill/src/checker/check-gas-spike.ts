/**
 * The report checker's part for the keeper's capped fee policy (`report.executionFees`, a
 * `gas-spike` drill): each attempt's block carries the base fee the report states, a refused offer
 * was below it, a capped attempt saw it above the cap; the execution's transaction offered at most
 * the cap, landed in the block of the attempt that sent it, and its block's timestamp gives the
 * stated delay past activation. Every figure is read from the chains.
 */
import type { Hex } from 'viem';
import { drillClient } from '../chains/start-chains.js';
import type { DrillReport, ExecutionFeeReport, VerificationCheck } from '../types.js';

export async function checkExecutionFees(report: DrillReport): Promise<VerificationCheck[]> {
  const fees = report.executionFees ?? [];
  return (await Promise.all(fees.map((entry) => checkChainFees(report, entry)))).flat();
}

async function checkChainFees(report: DrillReport, entry: ExecutionFeeReport): Promise<VerificationCheck[]> {
  const chain = report.chains.find((c) => c.name === entry.chain);
  const checks: VerificationCheck[] = [];
  const add = (what: string, passed: boolean, detail: string) =>
    checks.push({ chain: entry.chain, check: what, passed, detail });
  if (!chain) {
    add('execution fees', false, `the report has fees for ${entry.chain} but no such chain`);
    return checks;
  }
  const client = drillClient(chain.rpcUrl);
  const cap = BigInt(entry.capWei);
  // A run of capped blocks: its first and its last block are read.
  const reads = entry.attempts.flatMap((attempt) =>
    attempt.throughBlock === undefined
      ? [{ attempt, blockNumber: attempt.blockNumber, baseFeeWei: attempt.baseFeeWei }]
      : [
          { attempt, blockNumber: attempt.blockNumber, baseFeeWei: attempt.baseFeeWei },
          { attempt, blockNumber: attempt.throughBlock, baseFeeWei: null },
        ],
  );
  for (const { attempt, blockNumber, baseFeeWei } of reads) {
    const block = await client.getBlock({ blockNumber: BigInt(blockNumber) });
    const baseFee = block.baseFeePerGas ?? 0n;
    const offer = BigInt(attempt.offerWei);
    const why =
      attempt.outcome === 'refused'
        ? offer < baseFee
        : attempt.outcome === 'capped'
          ? baseFee > cap
          : offer >= baseFee && offer <= cap;
    add(
      `fee attempt (${attempt.outcome})`,
      (baseFeeWei === null || baseFee.toString() === baseFeeWei) && why,
      `block ${blockNumber}: report base fee ${baseFeeWei ?? `above the cap`}, chain ${baseFee}; offer ${attempt.offerWei}, cap ${entry.capWei}`,
    );
  }
  const sent = entry.attempts.findLast((a) => a.outcome === 'sent');
  if (entry.txHash === null) {
    add(
      'capped execution',
      chain.executedAtBlock === null,
      `no execution reported; chain switch block ${chain.executedAtBlock ?? '—'}`,
    );
    return checks;
  }
  const [tx, receipt] = await Promise.all([
    client.getTransaction({ hash: entry.txHash as Hex }),
    client.getTransactionReceipt({ hash: entry.txHash as Hex }),
  ]);
  const block = await client.getBlock({ blockNumber: receipt.blockNumber });
  const activation = report.rounds.find((r) => r.chains.includes(entry.chain))?.activationAt ?? null;
  const delay = activation === null ? null : Math.round(Number(block.timestamp) - report.originTimestamp - activation);
  add(
    'capped execution',
    tx.maxFeePerGas !== undefined &&
      tx.maxFeePerGas <= cap &&
      tx.maxFeePerGas.toString() === sent?.offerWei &&
      Number(receipt.blockNumber) === sent.blockNumber &&
      delay === entry.delaySeconds,
    `${entry.txHash.slice(0, 10)}… offered ${tx.maxFeePerGas} (report ${sent?.offerWei ?? '—'}, cap ${entry.capWei}) in block ${receipt.blockNumber} (report ${sent?.blockNumber ?? '—'}), ${delay ?? '—'} s after activation (report ${entry.delaySeconds ?? '—'} s)`,
  );
  return checks;
}
