/**
 * The report checker (`--verify`): recomputes every figure a drill report states from the chains
 * themselves, never from the drill's own memory, so a verdict can be trusted in a post-mortem.
 *
 * Per chain: the switch (the receiver's `UpgradeExecuted` log: its block and that block's
 * timestamp), deliveries and executions (the receiver's `UpgradeQueued` / `UpgradeExecuted` logs),
 * the implementation and codehash the proxy runs, each loss (its transaction succeeded in the
 * stated block at the stated timestamp, the vault's balance fell by exactly the stated amount in
 * that block, and the losses add up to `fundsLost`), and that every block since the drill's origin
 * respects the chain's block time (no block stamped earlier than its block time allows). Across
 * chains: the vulnerability window from the switch timestamps. A pre-signed pause drill's pause
 * figures are checked by `check-presigned-pause.ts`. The chains must still run (the
 * drill checks before it stops them, or `--keep`).
 */
import { readImplementation } from '@lockstep/core/detect';
import { type Address, getAddress, type Hex } from 'viem';
import { readUpgradeLogs } from '../chains/receiver-logs.js';
import { drillClient } from '../chains/start-chains.js';
import { shortHex as short } from '../report/format.js';
import type { ChainReport, DrillReport, ReportVerification, VerificationCheck } from '../types.js';
import { checkClockSkew, skewOf } from './check-clock-skew.js';
import { checkExecutionFees } from './check-gas-spike.js';
import { checkHealthTests } from './check-health-tests.js';
import { checkHubReorgs } from './check-hub-reorg.js';
import { checkChainPause, checkPauseAcrossChains } from './check-presigned-pause.js';
import { checkRpcFaults } from './check-rpc-fault.js';
import { checkSequencerOutages } from './check-sequencer-outage.js';

/** Most blocks read back per chain for the block-time rule (newest first). */
const MAX_BLOCKS_SCANNED = 20_000;
/** Blocks fetched at once while scanning. */
const SCAN_BATCH = 64;

type Client = ReturnType<typeof drillClient>;

export async function checkReport(report: DrillReport): Promise<ReportVerification> {
  const receiver = report.addresses?.receiver as Address | undefined;
  const perChain = await Promise.all(report.chains.map((chain) => checkChain(report, chain, receiver)));
  const checks = perChain.flatMap((result) => result.checks);
  // The window, from the switch times the chains show.
  // On the hub's clock: a skewed chain's timestamps are its own clock's (`check-clock-skew.ts`).
  const switches = perChain.map((r, i) =>
    r.switchedAt === null ? null : r.switchedAt - skewOf(report, report.chains[i]?.name ?? ''),
  );
  const window =
    switches.length > 0 && switches.every((at): at is number => at !== null)
      ? Math.max(...switches) - Math.min(...switches)
      : null;
  checks.push(
    check(
      null,
      'vulnerability window',
      window === report.vulnerabilityWindowSeconds,
      `report ${show(report.vulnerabilityWindowSeconds)} s, chains ${show(window)} s`,
    ),
  );
  checks.push(...(await checkPauseAcrossChains(report)));
  checks.push(...(await checkRpcFaults(report)));
  checks.push(...(await checkExecutionFees(report)));
  checks.push(...(await checkHubReorgs(report)));
  checks.push(...(await checkClockSkew(report)));
  checks.push(...(await checkSequencerOutages(report)));
  checks.push(...(await checkHealthTests(report)));
  return { passed: checks.every((c) => c.passed), checks };
}

async function checkChain(
  report: DrillReport,
  chain: ChainReport,
  receiver: Address | undefined,
): Promise<{ checks: VerificationCheck[]; switchedAt: number | null }> {
  const client = drillClient(chain.rpcUrl);
  const checks: VerificationCheck[] = [];
  const add = (what: string, passed: boolean, detail: string) => checks.push(check(chain.name, what, passed, detail));

  // What the proxy runs now (its ERC-1967 slot), and its code.
  const running = await readImplementation(client, chain.proxy as Address);
  add(
    'implementation',
    running.implementation === getAddress(chain.implementationAfter),
    `report ${chain.implementationAfter}, proxy slot ${running.implementation}`,
  );
  const codehash = running.codehash ?? '';
  add(
    'codehash',
    codehash === chain.observedCodehash,
    `report ${short(chain.observedCodehash)}, chain ${short(codehash)}`,
  );

  // Deliveries, executions and the switch, from the receiver's logs for the chain's upgrade message.
  const message = chain.messages.findLast((m) => m.purpose !== 'pause' && m.purpose !== 'unpause');
  let switchedAt: number | null = null;
  if (receiver && message) {
    const { queued, executed } = await readUpgradeLogs(client, { receiver, messageId: message.messageId as Hex });
    add('deliveries', queued.length === chain.deliveries, `report ${chain.deliveries}, receiver logs ${queued.length}`);
    add(
      'executions',
      executed.length === chain.executions,
      `report ${chain.executions}, receiver logs ${executed.length}`,
    );
    const first = executed[0];
    if (first?.blockNumber != null) {
      const block = await client.getBlock({ blockNumber: first.blockNumber });
      switchedAt = Number(block.timestamp);
    }
    add(
      'switch',
      (first?.blockNumber == null ? null : Number(first.blockNumber)) === chain.executedAtBlock &&
        switchedAt === chain.executedAtTimestamp,
      `report block ${show(chain.executedAtBlock)} at ${show(chain.executedAtTimestamp)}, chain block ${show(
        first?.blockNumber == null ? null : Number(first.blockNumber),
      )} at ${show(switchedAt)}`,
    );
  } else {
    add(
      'switch',
      chain.executedAtBlock === null && chain.executions === 0,
      `no upgrade message reached ${chain.name}; report block ${show(chain.executedAtBlock)}`,
    );
  }

  // Each loss, from its own block.
  let total = 0n;
  for (const loss of chain.losses) {
    total += BigInt(loss.wei);
    const receipt = await client.getTransactionReceipt({ hash: loss.txHash as Hex }).catch(() => undefined);
    const block = receipt ? await client.getBlock({ blockNumber: receipt.blockNumber }) : undefined;
    const [before, after] = receipt
      ? await Promise.all([
          client.getBalance({ address: chain.proxy as Address, blockNumber: receipt.blockNumber - 1n }),
          client.getBalance({ address: chain.proxy as Address, blockNumber: receipt.blockNumber }),
        ])
      : [0n, 0n];
    const ok =
      receipt?.status === 'success' &&
      Number(receipt.blockNumber) === loss.blockNumber &&
      Number(block?.timestamp) === loss.timestamp &&
      before - after === BigInt(loss.wei);
    add(
      'loss',
      ok,
      receipt
        ? `${loss.txHash.slice(0, 10)}… report block ${loss.blockNumber} at ${loss.timestamp} took ${loss.wei}; chain ${receipt.status} in block ${receipt.blockNumber} at ${block?.timestamp}, vault ${before} → ${after}`
        : `${loss.txHash} is not on the chain`,
    );
  }
  add('funds lost', total.toString() === chain.fundsLost, `report ${chain.fundsLost}, sum of losses ${total}`);
  // A pre-signed pause drill: the pause's block, the vault's paused state, nothing lost after it.
  await checkChainPause(report, chain, add);

  // Every block since the origin respects the block time.
  const spacing = await checkBlockTimes(client, chain.blockTime, report.originTimestamp);
  add('block times', spacing.problem === null, spacing.problem ?? `${spacing.blocks} blocks since the origin`);
  return { checks, switchedAt };
}

/**
 * Blocks of at least one second: consecutive timestamps at least ⌊block time⌋ apart. Sub-second
 * blocks: at most ⌈1 / block time⌉ blocks share one timestamp second.
 */
async function checkBlockTimes(
  client: Client,
  blockTime: number,
  origin: number,
): Promise<{ blocks: number; problem: string | null }> {
  const latest = await client.getBlockNumber({ cacheTime: 0 });
  const stamps: { number: bigint; timestamp: number }[] = [];
  for (let top = latest; top >= 0n && stamps.length < MAX_BLOCKS_SCANNED; top -= BigInt(SCAN_BATCH)) {
    const numbers = Array.from({ length: SCAN_BATCH }, (_, i) => top - BigInt(i)).filter((n) => n >= 0n);
    const blocks = await Promise.all(numbers.map((blockNumber) => client.getBlock({ blockNumber })));
    const inDrill = blocks.filter((b) => Number(b.timestamp) >= origin);
    stamps.push(...inDrill.map((b) => ({ number: b.number, timestamp: Number(b.timestamp) })));
    if (inDrill.length < blocks.length) break;
  }
  stamps.reverse();
  const perSecond = Math.ceil(1 / blockTime - 1e-9);
  let run = 1;
  for (let i = 1; i < stamps.length; i++) {
    const previous = stamps[i - 1];
    const current = stamps[i];
    if (!previous || !current) continue;
    const gap = current.timestamp - previous.timestamp;
    if (blockTime >= 1 && gap < Math.floor(blockTime)) {
      return {
        blocks: stamps.length,
        problem: `block ${current.number} is ${gap} s after its parent (block time ${blockTime} s)`,
      };
    }
    run = gap === 0 ? run + 1 : 1;
    if (blockTime < 1 && run > perSecond) {
      return {
        blocks: stamps.length,
        problem: `block ${current.number} is the ${run}th block stamped ${current.timestamp} (at most ${perSecond} per second at ${blockTime} s)`,
      };
    }
    if (gap < 0) return { blocks: stamps.length, problem: `block ${current.number} is stamped before its parent` };
  }
  return { blocks: stamps.length, problem: null };
}

function check(chain: string | null, what: string, passed: boolean, detail: string): VerificationCheck {
  return { chain, check: what, passed, detail };
}

const show = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value));
