/**
 * The `pre-signed pause` phase: the exploit goes live and is detected exactly as in the emergency
 * pause (`detectLiveExploit`), and the moment it is, the executor reads the root the emergency
 * quorum signed weeks before (`pause-root.ts`) from its file and broadcasts it to every chain in
 * parallel (`submitRoot`: one `setRootAndExecuteLeaf` per chain, which sets the root and pauses the
 * vault through the receiver in one transaction). No hub message, guardian or relayer: each chain
 * pauses in its own next block.
 * A chain where the broadcast fails is reported (`emergency-incomplete`) and does not stop the others.
 */
import { governanceHubAbi } from '@lockstep/client';
import { rpcHttp } from '@lockstep/core/chain';
import { readRootFile, type SubmitRootReturnType, submitRoot } from '@lockstep/core/roots';
import { createWalletClient } from 'viem';
import type { DrillChain } from '../../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../../setup/keys.js';
import type { PresignedPauseEvidence, PresignedPauseReport } from '../../types.js';
import { exploit } from '../attacker/exploit.js';
import type { DrillContext } from '../drill-context.js';
import { catchUp } from '../faults/timeline.js';
import { detectLiveExploit } from './live-exploit.js';
import type { HeldPauseRoot } from './pause-root.js';

/** The executor broadcasts with the keeper's key (anyone may: the root carries the authority). */
const EXECUTOR = KEY_INDEX.relayer;
/** How often the executor looks for its receipts (wall ms). */
const RECEIPT_POLL_MS = 25;

export type PresignedPauseResult = {
  detectedAt: number;
  /** When the last chain paused (virtual; its pause block's time); the broadcast time if none did. */
  pausedAllAt: number;
  /** Per chain name: how the root reached it (absent: it never paused). */
  evidence: Map<string, PresignedPauseEvidence>;
  report: PresignedPauseReport;
};

export async function presignedPause(ctx: DrillContext, held: HeldPauseRoot): Promise<PresignedPauseResult> {
  const { chains, hubChain, clock, recorder, addresses: a } = ctx;
  return recorder.phase('pre-signed pause', async () => {
    const detectedAt = await detectLiveExploit(ctx);
    const hubNonce = () =>
      hubChain.client.readContract({ address: a.hub, abi: governanceHubAbi, functionName: 'nonce' });
    const nonceBefore = await hubNonce();
    // The held file is read back and checked (every leaf, proof, the digest and each signature).
    const document = await readRootFile(held.path);
    const outcomes = await Promise.allSettled(
      chains.map((chain) => submitRoot(executorOn(chain), { document, receiver: a.receiver })),
    );
    await catchUp(ctx);
    const evidence = new Map<string, PresignedPauseEvidence>();
    const failed: string[] = [];
    for (const [i, chain] of chains.entries()) {
      const outcome = outcomes[i];
      const paused = outcome?.status === 'fulfilled' ? evidenceOf(outcome.value, clock.origin) : undefined;
      if (!paused) {
        failed.push(`${chain.name} (${outcome?.status === 'rejected' ? String(outcome.reason) : 'no leaf executed'})`);
        continue;
      }
      evidence.set(chain.name, paused);
      recorder.mark({ at: paused.paused.at, chain: chain.name, kind: 'executed', label: 'paused' });
    }
    const pausedAllAt = Math.max(detectedAt, ...[...evidence.values()].map((e) => e.paused.at));
    if (failed.length > 0) recorder.alert('emergency-incomplete', null, clock.now, `not paused: ${failed.join(', ')}`);
    else recorder.mark({ at: pausedAllAt, chain: null, kind: 'phase', label: 'paused everywhere' });
    const nonceAfter = await hubNonce();
    // The attacker's next try, as after the hub's pause: every vault it reaches is paused by now.
    if (ctx.attackerOn) await exploit(ctx, chains);
    const report: PresignedPauseReport = {
      rootFile: held.name,
      root: document.root,
      digest: document.digest,
      signers: document.signatures.map((s) => s.signer),
      signedAt: held.signedAt,
      validUntil: document.validUntil,
      broadcastAt: detectedAt,
      hubMessagesDuringPause: Number(nonceAfter - nonceBefore),
    };
    return { detectedAt, pausedAllAt, evidence, report };
  });
}

function executorOn(chain: DrillChain) {
  return createWalletClient({
    account: testAccount(EXECUTOR),
    transport: rpcHttp(chain.rpcUrl),
    pollingInterval: RECEIPT_POLL_MS,
  });
}

/** The chain's evidence from `submitRoot`'s result; undefined when no leaf paused the vault there. */
function evidenceOf(result: SubmitRootReturnType, origin: number): PresignedPauseEvidence | undefined {
  const leaf = result.leaves.find((l) => l.status === 'executed');
  if (leaf?.status !== 'executed') return undefined;
  return {
    messageId: leaf.messageId,
    setRoot:
      result.setRoot.status === 'set'
        ? { txHash: result.setRoot.hash, blockNumber: Number(result.setRoot.blockNumber) }
        : null,
    paused: {
      txHash: leaf.hash,
      blockNumber: Number(leaf.blockNumber),
      timestamp: leaf.blockTimestamp,
      at: leaf.blockTimestamp - origin,
    },
  };
}
