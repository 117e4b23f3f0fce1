/**
 * The report checker's part for a `clock-skew` drill (`report.clockSkew`): the keeper's two heads
 * are on the chains with the stated timestamps, the skew the report states agrees with them (within
 * the two block times: a head is only as fresh as its last block), the alert was raised exactly when
 * the heads differed by more than that, and the chain's switch, on the hub's clock, is as far from
 * the activation time as stated. The window across chains is recomputed on the hub's clock with
 * `skewOf`. (A lead's jump is not checked on its own: the idle stretch before activation is crossed
 * with one jump anyway, which holds it.)
 */
import { drillClient } from '../chains/start-chains.js';
import type { ClockSkewReport, DrillReport, VerificationCheck } from '../types.js';

/** Seconds the report says `chain`'s clock leads (positive) or lags the hub's: 0 unless skewed. */
export function skewOf(report: DrillReport, chain: string): number {
  return report.clockSkew?.find((entry) => entry.chain === chain)?.offsetSeconds ?? 0;
}

export async function checkClockSkew(report: DrillReport): Promise<VerificationCheck[]> {
  const entries = report.clockSkew ?? [];
  return (await Promise.all(entries.map((entry) => checkEntry(report, entry)))).flat();
}

async function checkEntry(report: DrillReport, entry: ClockSkewReport): Promise<VerificationCheck[]> {
  const checks: VerificationCheck[] = [];
  const add = (what: string, passed: boolean, detail: string) =>
    checks.push({ chain: entry.chain, check: what, passed, detail });
  const chain = report.chains.find((c) => c.name === entry.chain);
  const hub = report.chains.find((c) => c.name === entry.hub);
  if (!chain || !hub) {
    add('clock skew', false, `the report has a clock check for ${entry.chain} but no such chain (or no hub)`);
    return checks;
  }
  const client = drillClient(chain.rpcUrl);
  const [head, hubHead] = await Promise.all([
    client.getBlock({ blockNumber: BigInt(entry.chainBlock) }),
    drillClient(hub.rpcUrl).getBlock({ blockNumber: BigInt(entry.hubBlock) }),
  ]);
  const measured = Number(head.timestamp) - Number(hubHead.timestamp);
  add(
    'clock heads',
    Number(head.timestamp) === entry.chainTimestamp &&
      Number(hubHead.timestamp) === entry.hubTimestamp &&
      measured === entry.measuredSeconds,
    `report #${entry.chainBlock} at ${entry.chainTimestamp} vs hub #${entry.hubBlock} at ${entry.hubTimestamp}; chains ${head.timestamp} vs ${hubHead.timestamp} (${measured} s)`,
  );
  add(
    'clock-skew alert',
    entry.alerted === Math.abs(measured) > entry.toleranceSeconds &&
      entry.alerted === report.alerts.some((a) => a.kind === 'clock-skew' && a.chain === entry.chain),
    `heads ${measured} s apart, tolerance ${entry.toleranceSeconds} s; report ${entry.alerted ? 'alerted' : 'no alert'}`,
  );
  add(
    'clock skew',
    Math.abs(measured - entry.offsetSeconds) <= entry.toleranceSeconds,
    `report ${entry.offsetSeconds} s, heads ${measured} s apart (within ${entry.toleranceSeconds} s)`,
  );
  const activation = report.rounds[0]?.activationAt ?? null;
  const switched =
    chain.executedAtBlock === null ? null : await client.getBlock({ blockNumber: BigInt(chain.executedAtBlock) });
  const offset =
    switched === null || activation === null
      ? null
      : Number(switched.timestamp) - entry.offsetSeconds - report.originTimestamp - activation;
  add(
    'skewed switch',
    offset === entry.switchOffsetSeconds,
    `report ${entry.switchOffsetSeconds ?? '—'} s from the activation time on the hub's clock, chain ${offset ?? '—'} s`,
  );
  return checks;
}
