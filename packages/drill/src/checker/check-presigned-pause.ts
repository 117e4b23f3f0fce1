/**
 * The report checker's part for a pre-signed pause drill: every figure of the pause recomputed from
 * the chains. Per chain: the pause transaction succeeded in the stated block at the stated
 * timestamp and its receiver logged the pause (`EmergencyExecuted`, paused) of the stated message;
 * the vault was running before that block and paused in it; the root was set by that same
 * transaction (`setRootAndExecuteLeaf`: its `RootSet`) or was already set, and the block before it
 * is no later than the broadcast, so the chain paused in one block; every loss came before the
 * pause. Across chains: the time to pause every chain, from the pause blocks' timestamps and the
 * detection; and the hub never dispatched a pause message (the root, not the bridge, carried it).
 */
import { councilFallbackAdapterAbi, governanceHubAbi, upgradeReceiverAbi, vaultV1Abi } from '@lockstep/client';
import { type Address, type Hex, parseEventLogs } from 'viem';
import { drillClient } from '../chains/start-chains.js';
import type { ChainReport, DrillReport, VerificationCheck } from '../types.js';

type Add = (what: string, passed: boolean, detail: string) => void;

/** The checks for one chain's pre-signed pause (none when the report has no pre-signed pause). */
export async function checkChainPause(report: DrillReport, chain: ChainReport, add: Add): Promise<void> {
  if (chain.presignedPause === undefined) return;
  const evidence = chain.presignedPause;
  if (evidence === null) {
    add('pause', false, `the report says ${chain.name} was never paused`);
    return;
  }
  const client = drillClient(chain.rpcUrl);
  const { paused, setRoot, messageId } = evidence;
  const receiver = report.addresses?.receiver as Address | undefined;
  const vault = (report.addresses?.vault ?? chain.proxy) as Address;
  const receipt = await client.getTransactionReceipt({ hash: paused.txHash as Hex }).catch(() => undefined);
  if (!receipt) {
    add('pause', false, `${paused.txHash} is not on the chain`);
    return;
  }
  const block = await client.getBlock({ blockNumber: receipt.blockNumber });
  const logged = parseEventLogs({ abi: upgradeReceiverAbi, eventName: 'EmergencyExecuted', logs: receipt.logs }).some(
    (log) =>
      log.args.messageId === messageId &&
      log.args.paused &&
      (receiver === undefined || log.address.toLowerCase() === receiver.toLowerCase()),
  );
  const pausedIn = async (blockNumber: bigint) =>
    client.readContract({ address: vault, abi: vaultV1Abi, functionName: 'paused', blockNumber });
  const [before, after] = await Promise.all([pausedIn(receipt.blockNumber - 1n), pausedIn(receipt.blockNumber)]);
  const stamp = Number(block.timestamp);
  add(
    'pause',
    receipt.status === 'success' &&
      logged &&
      Number(receipt.blockNumber) === paused.blockNumber &&
      stamp === paused.timestamp &&
      stamp - report.originTimestamp === paused.at &&
      !before &&
      after,
    `report block ${paused.blockNumber} at ${paused.timestamp}; chain ${receipt.status} in block ${receipt.blockNumber} at ${stamp}, ${logged ? 'EmergencyExecuted (paused) for its message' : 'no EmergencyExecuted for its message'}, vault paused ${before} → ${after}`,
  );
  if (setRoot) {
    const set = await client.getTransactionReceipt({ hash: setRoot.txHash as Hex }).catch(() => undefined);
    add(
      'root set',
      set?.status === 'success' &&
        Number(set.blockNumber) === setRoot.blockNumber &&
        setRoot.blockNumber <= paused.blockNumber,
      set
        ? `report block ${setRoot.blockNumber}; chain ${set.status} in block ${set.blockNumber}`
        : `${setRoot.txHash} is not on the chain`,
    );
  }
  // One block: the pause's own transaction set the root (or it was set before), and the chain's
  // previous block is no later than the broadcast, so no block went by between the two.
  const rootSetByPause = parseEventLogs({
    abi: councilFallbackAdapterAbi,
    eventName: 'RootSet',
    logs: receipt.logs,
  }).some((log) => log.args.root === report.presignedPause?.root);
  const parent = await client.getBlock({ blockNumber: receipt.blockNumber - 1n });
  const parentAt = Number(parent.timestamp) - report.originTimestamp;
  const broadcastAt = report.presignedPause?.broadcastAt ?? Number.NEGATIVE_INFINITY;
  const oneTransaction = setRoot === null || (setRoot.txHash === paused.txHash && rootSetByPause);
  add(
    'paused in one block',
    oneTransaction && parentAt <= broadcastAt,
    `${setRoot === null ? 'root already set' : rootSetByPause ? 'root set by the pause transaction' : `root set by ${setRoot.txHash}, not by the pause transaction`}; block ${receipt.blockNumber - 1n} at ${parentAt} s, broadcast at ${broadcastAt} s, paused in block ${receipt.blockNumber}`,
  );
  const late = chain.losses.filter((loss) => loss.blockNumber >= paused.blockNumber);
  add(
    'nothing lost after the pause',
    late.length === 0,
    late.length === 0
      ? `${chain.losses.length} loss(es), all before block ${paused.blockNumber}`
      : `loss in block ${late.map((l) => l.blockNumber).join(', ')}, at or after the pause`,
  );
}

/**
 * Across chains: the time to pause every chain (the last pause block's time, from the chain, minus
 * the detection), and no pause message among the hub's dispatches. Empty without a pre-signed pause.
 */
export async function checkPauseAcrossChains(report: DrillReport): Promise<VerificationCheck[]> {
  if (!report.presignedPause) return [];
  const checks: VerificationCheck[] = [];
  const pauses = report.chains.map((chain) => chain.presignedPause ?? null);
  const stamps = await Promise.all(
    report.chains.map(async (chain, i) => {
      const hash = pauses[i]?.paused.txHash;
      if (!hash) return null;
      const client = drillClient(chain.rpcUrl);
      const receipt = await client.getTransactionReceipt({ hash: hash as Hex }).catch(() => undefined);
      return receipt ? Number((await client.getBlock({ blockNumber: receipt.blockNumber })).timestamp) : null;
    }),
  );
  const detected = report.alerts.find((a) => a.kind === 'exploit-detected')?.at ?? report.presignedPause.broadcastAt;
  const measured = stamps.every((s): s is number => s !== null)
    ? Math.round(Math.max(...stamps) - report.originTimestamp - detected)
    : null;
  checks.push({
    chain: null,
    check: 'time to pause every chain',
    passed: measured !== null && measured === report.timeToPauseAllSeconds,
    detail: `report ${show(report.timeToPauseAllSeconds)} s, chains ${show(measured)} s (last pause block − detection at ${detected} s)`,
  });
  const hub = report.addresses?.hub as Address | undefined;
  const pauseIds = new Set(pauses.flatMap((p) => (p ? [p.messageId.toLowerCase()] : [])));
  const dispatched = hub
    ? (
        await Promise.all(
          report.chains.map((chain) =>
            drillClient(chain.rpcUrl).getContractEvents({
              address: hub,
              abi: governanceHubAbi,
              eventName: 'MessageDispatched',
              fromBlock: 0n,
            }),
          ),
        )
      ).flat()
    : [];
  const viaHub = dispatched.filter((log) => pauseIds.has(String(log.args.messageId).toLowerCase()));
  checks.push({
    chain: null,
    check: 'pause not sent by the hub',
    passed: hub !== undefined && viaHub.length === 0,
    detail: hub
      ? `${dispatched.length} hub dispatch(es), ${viaHub.length} of them a pre-signed pause message`
      : 'the report names no hub',
  });
  return checks;
}

const show = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value));
