/**
 * The report checker's part for a `sequencer-outage` drill (`report.sequencerOutage`), re-read from
 * the chains: the sequencer included nothing (every block between the last one before the outage
 * and the first one after it is a forced block holding only the report's forced transactions);
 * each forced transaction is in its stated block with its outcome, landed its delay after it was
 * sent (or first after the outage), and each queued one is in the first block after it; that
 * block's timestamp jumps from its parent's as stated; the keeper's detection reads the two heads as
 * stated and exceeds the tolerance, with its alert; and an exploit that succeeded is a stated loss.
 */
import { drillClient } from '../chains/start-chains.js';
import type { OutageInclusion, SequencerOutageReport } from '../engine/faults/sequencer-outage/report.js';
import type { DrillReport, VerificationCheck } from '../types.js';

export async function checkSequencerOutages(report: DrillReport): Promise<VerificationCheck[]> {
  const entries = report.sequencerOutage ?? [];
  return (await Promise.all(entries.map((entry) => checkOutage(report, entry)))).flat();
}

async function checkOutage(report: DrillReport, entry: SequencerOutageReport): Promise<VerificationCheck[]> {
  const checks: VerificationCheck[] = [];
  const add = (check: string, passed: boolean, detail: string) =>
    checks.push({ chain: entry.chain, check, passed, detail });
  const chain = report.chains.find((c) => c.name === entry.chain);
  const hub = report.chains.find((c) => c.name === entry.hub);
  if (!chain || !hub) {
    add(
      'sequencer outage',
      false,
      `the report has an outage on ${entry.chain} but no such chain (or no hub ${entry.hub})`,
    );
    return checks;
  }
  const client = drillClient(chain.rpcUrl);
  const stamp = (virtual: number) => report.originTimestamp + Math.floor(virtual);
  const block = (n: number) => client.getBlock({ blockNumber: BigInt(n) });

  // The chain's last block before the outage, and every block up to the first one after it.
  const last = await block(entry.lastBlockBefore.block);
  const end = entry.resumed?.block ?? Number(await client.getBlockNumber()) + 1;
  const forcedHashes = new Set(entry.forced.filter((f) => f.block < end).map((f) => f.txHash.toLowerCase()));
  const forcedBlocks = new Map(entry.forcedBlocks.map((b) => [b.block, b.timestamp]));
  const strays: string[] = [];
  for (let n = entry.lastBlockBefore.block + 1; n < end; n++) {
    const b = await block(n);
    if (forcedBlocks.get(n) !== Number(b.timestamp))
      strays.push(`block #${n} at ${b.timestamp} is no forced block of the report`);
    for (const hash of b.transactions) {
      if (!forcedHashes.has(hash.toLowerCase())) strays.push(`block #${n} holds ${hash}, not a forced transaction`);
    }
  }
  add(
    'sequencer outage blocks',
    Number(last.timestamp) === entry.lastBlockBefore.timestamp &&
      Number(last.timestamp) <= stamp(entry.startedAt) &&
      strays.length === 0,
    strays.length > 0
      ? strays.join('; ')
      : Number(last.timestamp) !== entry.lastBlockBefore.timestamp
        ? `block #${last.number} is stamped ${last.timestamp}, the report says ${entry.lastBlockBefore.timestamp}`
        : `no block of the sequencer's from #${entry.lastBlockBefore.block} (at ${last.timestamp}) to ${entry.resumed ? `#${end}` : 'the head'}: only ${forcedBlocks.size} forced`,
  );

  for (const tx of entry.forced) checks.push(await checkInclusion(report, entry, client, tx, 'forced'));
  for (const tx of entry.queued) checks.push(await checkInclusion(report, entry, client, tx, 'queued'));

  if (entry.resumed) {
    const [first, parent] = await Promise.all([block(entry.resumed.block), block(entry.resumed.block - 1)]);
    const jump = Number(first.timestamp - parent.timestamp);
    add(
      'sequencer back',
      Number(first.timestamp) === entry.resumed.timestamp &&
        Number(parent.timestamp) === entry.resumed.parentTimestamp &&
        jump === entry.resumed.jumpSeconds &&
        entry.endedAt !== null &&
        Number(first.timestamp) === stamp(entry.endedAt),
      `block #${first.number} at ${first.timestamp}, ${jump} s after its parent (report: ${entry.resumed.timestamp}, ${entry.resumed.jumpSeconds} s)`,
    );
  }

  if (entry.detection) {
    const d = entry.detection;
    const [hubHead, head] = await Promise.all([
      drillClient(hub.rpcUrl).getBlock({ blockNumber: BigInt(d.hubBlock) }),
      block(d.chainBlock),
    ]);
    const stale = Number(hubHead.timestamp) - Number(head.timestamp);
    const alerted = report.alerts.some((a) => a.kind === 'sequencer-down' && a.chain === entry.chain);
    add(
      'sequencer-down detection',
      Number(hubHead.timestamp) === d.hubTimestamp &&
        Number(head.timestamp) === d.chainTimestamp &&
        stale === d.staleSeconds &&
        stale > d.toleranceSeconds &&
        alerted,
      `${entry.hub} #${d.hubBlock} at ${hubHead.timestamp}, ${entry.chain} #${d.chainBlock} at ${head.timestamp}: ${stale} s stale (report ${d.staleSeconds} s, tolerance ${d.toleranceSeconds} s)${alerted ? '' : '; no sequencer-down alert'}`,
    );
  }
  return checks;
}

async function checkInclusion(
  report: DrillReport,
  entry: SequencerOutageReport,
  client: ReturnType<typeof drillClient>,
  tx: OutageInclusion,
  route: 'forced' | 'queued',
): Promise<VerificationCheck> {
  const check = `${route} ${tx.by} ${tx.what}`;
  const fail = (detail: string): VerificationCheck => ({ chain: entry.chain, check, passed: false, detail });
  const receipt = await client.getTransactionReceipt({ hash: tx.txHash as `0x${string}` }).catch(() => undefined);
  if (!receipt) return fail(`${tx.txHash} is not on ${entry.chain}`);
  const block = await client.getBlock({ blockNumber: receipt.blockNumber });
  const succeeded = receipt.status === 'success';
  const chain = report.chains.find((c) => c.name === entry.chain);
  const blockTime = chain?.blockTime ?? 0;
  const inResumed = entry.resumed !== null && Number(receipt.blockNumber) === entry.resumed.block;
  const due = tx.sentAt + entry.forceInclusionDelaySeconds;
  // Forced: landed its delay after it was sent (the chain's next boundary at most), or first after the outage, before that.
  const timely =
    route === 'queued'
      ? inResumed
      : inResumed
        ? tx.includedAt <= due + 1e-6
        : tx.includedAt >= due - 1e-6 &&
          tx.includedAt < due + Math.max(1, blockTime) &&
          Number(block.timestamp) === report.originTimestamp + Math.floor(tx.includedAt);
  const lost = chain?.losses.some((l) => l.txHash.toLowerCase() === tx.txHash.toLowerCase()) ?? false;
  const priced = tx.what !== 'exploit' || lost === succeeded;
  const passed =
    Number(receipt.blockNumber) === tx.block &&
    Number(block.timestamp) === tx.timestamp &&
    succeeded === tx.succeeded &&
    timely &&
    priced;
  return {
    chain: entry.chain,
    check,
    passed,
    detail: `${tx.txHash} in #${receipt.blockNumber} at ${block.timestamp}, ${succeeded ? 'succeeded' : 'reverted'} (report: #${tx.block} at ${tx.timestamp}, ${tx.succeeded ? 'succeeded' : 'reverted'}); sent ${tx.sentAt.toFixed(3)} s, included ${tx.includedAt.toFixed(3)} s${timely ? '' : route === 'queued' ? ', not in the first block after the outage' : `, not ${entry.forceInclusionDelaySeconds} s after it was sent`}${priced ? '' : lost ? ', a stated loss although it reverted' : ', succeeded but no stated loss'}`,
  };
}
