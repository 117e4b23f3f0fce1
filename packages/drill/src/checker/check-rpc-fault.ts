/**
 * The report checker's part for `rpc-fault` drills: on each chain whose endpoint was faulty, the
 * upgrade's switch is re-read from the receiver's `UpgradeExecuted` log and its block's timestamp,
 * and compared with the round's one activation time. The report must agree with the chain: on
 * time where the chain switched at activation, and otherwise it must say why that chain missed (an
 * alert on it, or its `notUpgradedReason`). A report that calls a late chain on time, or leaves a
 * miss unexplained, fails.
 */
import type { Address, Hex } from 'viem';
import { readUpgradeLogs } from '../chains/receiver-logs.js';
import { drillClient } from '../chains/start-chains.js';
import type { ChainReport, DrillReport, VerificationCheck } from '../types.js';

/** The checks for every chain an `rpc-fault` targeted (none without one). */
export async function checkRpcFaults(report: DrillReport): Promise<VerificationCheck[]> {
  const targets = new Set(report.faults.filter((f) => f.kind === 'rpc-fault').map((f) => f.target));
  const chains = report.chains.filter((chain) => targets.has(chain.name));
  return Promise.all(chains.map((chain) => checkChain(report, chain)));
}

async function checkChain(report: DrillReport, chain: ChainReport): Promise<VerificationCheck> {
  const what = 'activation under rpc-fault';
  const round = report.rounds.findLast((r) => r.kind === 'upgrade' && r.chains.includes(chain.name));
  const message = chain.messages.findLast((m) => m.purpose !== 'pause' && m.purpose !== 'unpause');
  const receiver = report.addresses?.receiver as Address | undefined;
  if (!round || round.activationAt === null || !message || !receiver) {
    return { chain: chain.name, check: what, passed: true, detail: 'no upgrade was dispatched to this chain' };
  }
  const activation = report.originTimestamp + round.activationAt;
  const client = drillClient(chain.rpcUrl);
  const { executed } = await readUpgradeLogs(client, { receiver, messageId: message.messageId as Hex });
  const first = executed[0];
  const switchedAt =
    first?.blockNumber == null ? null : Number((await client.getBlock({ blockNumber: first.blockNumber })).timestamp);
  const onTimeOnChain = switchedAt === activation;
  const reportOnTime = chain.executedAtTimestamp === activation;
  const why = [
    ...report.alerts.filter((alert) => alert.chain === chain.name).map((alert) => alert.kind),
    ...(chain.notUpgradedReason ? [chain.notUpgradedReason] : []),
  ];
  const chainSays =
    switchedAt === null ? 'never switched' : onTimeOnChain ? 'switched at activation' : `switched at ${switchedAt}`;
  if (onTimeOnChain) {
    return {
      chain: chain.name,
      check: what,
      passed: reportOnTime,
      detail: `activation ${activation}: chain ${chainSays}, report ${reportOnTime ? 'on time' : 'late'}`,
    };
  }
  return {
    chain: chain.name,
    check: what,
    passed: !reportOnTime && why.length > 0,
    detail: `activation ${activation}: chain ${chainSays}; report ${reportOnTime ? 'on time' : `missed, because: ${why.join(', ') || 'nothing said'}`}`,
  };
}
