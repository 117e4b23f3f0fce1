/**
 * The report checker's part for a `hub-reorg` fault: what the report says the reorg did, re-read
 * from the chains. On the hub: every orphaned block is off the canonical chain and its stated
 * replacement is on it; the orphaned messages are dispatched again by the canonical hub when the
 * fault re-included their transactions, and are not when it dropped them. On every chain: each
 * message its receiver accepted was dispatched by the canonical hub, or was cancelled there before
 * it ran — a message only an orphaned block held must never execute.
 */
import { upgradeReceiverAbi } from '@lockstep/client';
import { scanDispatched } from '@lockstep/core/relay';
import type { Address } from 'viem';
import { drillClient } from '../chains/start-chains.js';
import type { DrillReport, HubReorgEvidence, VerificationCheck } from '../types.js';

/** The checks of every `hub-reorg` fault of the report (none when it has none). */
export async function checkHubReorgs(report: DrillReport): Promise<VerificationCheck[]> {
  const reorgs = report.faults.flatMap((f) => (f.hubReorg ? [{ target: f.target, evidence: f.hubReorg }] : []));
  if (reorgs.length === 0) return [];
  const checks: VerificationCheck[] = [];
  const add = (chain: string | null, what: string, passed: boolean, detail: string) =>
    checks.push({ chain, check: what, passed, detail });
  const hubAddress = report.addresses?.hub as Address | undefined;
  const receiver = report.addresses?.receiver as Address | undefined;
  for (const { target, evidence } of reorgs) {
    const hub = report.chains.find((c) => c.name === target);
    if (!hub || !hubAddress) {
      add(
        target,
        'hub reorg',
        false,
        `the report has no chain "${target}" or no hub address to re-read the reorg from`,
      );
      continue;
    }
    const client = drillClient(hub.rpcUrl);
    await checkBlocks(client, evidence, (what, passed, detail) => add(target, what, passed, detail));
    const canonical = new Set(
      (await scanDispatched({ client, hub: hubAddress })).messages.map((m) => m.messageId.toLowerCase()),
    );
    const again = evidence.orphanedMessages.filter((id) => canonical.has(id.toLowerCase()));
    const expected = evidence.reinclude ? evidence.orphanedMessages.length : 0;
    add(
      target,
      'hub reorg: orphaned messages on the canonical hub',
      again.length === expected,
      `${again.length} of ${evidence.orphanedMessages.length} dispatched again (${evidence.reinclude ? 're-included: all' : 'dropped: none'} expected)`,
    );
    if (receiver) checks.push(...(await checkDeliveries(report, receiver, canonical)));
  }
  return checks;
}

type Add = (what: string, passed: boolean, detail: string) => void;

async function checkBlocks(client: ReturnType<typeof drillClient>, evidence: HubReorgEvidence, add: Add) {
  for (const [i, orphan] of evidence.orphaned.entries()) {
    const now = await client.getBlock({ blockNumber: BigInt(orphan.number) });
    const stated = evidence.replacement[i];
    add(
      `hub reorg: block ${orphan.number}`,
      now.hash !== orphan.hash && now.hash === stated?.hash,
      `orphaned ${orphan.hash.slice(0, 10)}, canonical ${now.hash.slice(0, 10)}, report ${stated?.hash.slice(0, 10) ?? '—'}`,
    );
  }
}

/**
 * Every chain: each message its receiver accepted (queued at quorum, `UpgradeQueued`, or confirmed
 * below it, `MessageConfirmed`) that the canonical hub never dispatched was cancelled there
 * (`MessageCancelled`) and never executed (`UpgradeExecuted`): an orphaned message may reach a
 * receiver (after a reorg deeper than the finality depth the guardians' signatures on it still
 * verify), it must never run.
 */
async function checkDeliveries(
  report: DrillReport,
  receiver: Address,
  canonical: ReadonlySet<string>,
): Promise<VerificationCheck[]> {
  return Promise.all(
    report.chains.map(async (chain) => {
      const client = drillClient(chain.rpcUrl);
      const read = async (eventName: 'UpgradeQueued' | 'MessageConfirmed' | 'UpgradeExecuted' | 'MessageCancelled') =>
        (
          await client.getContractEvents({ address: receiver, abi: upgradeReceiverAbi, eventName, fromBlock: 0n })
        ).flatMap((log) => {
          const id = (log.args as { messageId?: string }).messageId;
          return id ? [id.toLowerCase()] : [];
        });
      const [queued, confirmed, executed, cancelled] = await Promise.all([
        read('UpgradeQueued'),
        read('MessageConfirmed'),
        read('UpgradeExecuted'),
        read('MessageCancelled'),
      ]);
      const accepted = [...new Set([...queued, ...confirmed])];
      const foreign = accepted.filter((id) => !canonical.has(id));
      const ran = [...new Set(executed)].filter((id) => !canonical.has(id));
      const open = foreign.filter((id) => !cancelled.includes(id) && !ran.includes(id));
      const detail =
        ran.length > 0
          ? `executed ${ran.join(', ')}, which the canonical hub never dispatched`
          : open.length > 0
            ? `accepted ${open.join(', ')}, which the canonical hub never dispatched, and did not cancel it`
            : foreign.length > 0
              ? `${accepted.length} message(s) accepted; ${foreign.length} the canonical hub never dispatched, cancelled before it ran`
              : `${accepted.length} message(s) accepted, all dispatched by the canonical hub`;
      return {
        chain: chain.name,
        check: 'hub reorg: no message the canonical hub never dispatched runs',
        passed: ran.length === 0 && open.length === 0,
        detail,
      };
    }),
  );
}
