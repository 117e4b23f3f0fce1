/**
 * Emergency drills: the live exploit spreads from chain to chain while the emergency quorum pauses
 * the vault everywhere without the timelock (and the full threshold unpauses it once the fix is in).
 */
import { rpcHttp } from '@lockstep/core/chain';
import { describeApproval, signApproval, submitApprovals } from '@lockstep/core/council';
import { executeEmergency, getPausedStates, proposeEmergency } from '@lockstep/core/emergency';
import { createWalletClient } from 'viem';
import { councilIndex, testAccount } from '../../setup/keys.js';
import { exploit } from '../attacker/exploit.js';
import type { DrillContext } from '../drill-context.js';
import { advanceTo, catchUp } from '../faults/timeline.js';
import { pollGuardians, relayerFor } from '../guardian-network.js';
import { detectLiveExploit } from './live-exploit.js';

/**
 * The `emergency pause` phase: the exploit goes live and is detected (`detectLiveExploit`), and the
 * vault is paused on every chain through the hub. Returns the detection time and when every chain
 * was paused (virtual).
 */
export async function emergencyPause(ctx: DrillContext): Promise<{ detectedAt: number; pausedAllAt: number }> {
  let detectedAt = 0;
  const pausedAllAt = await ctx.recorder.phase('emergency pause', async () => {
    detectedAt = await detectLiveExploit(ctx);
    return emergency(ctx, true);
  });
  return { detectedAt, pausedAllAt };
}

/**
 * One emergency action (pause or unpause of the vault on every chain): the emergency quorum
 * (a pause) or the full threshold (an unpause) approves, the hub dispatches at once (no timelock), the guardians sign after finality, the
 * relayer delivers, and each receiver applies it on arrival. Returns when every chain has it.
 */
export async function emergency(ctx: DrillContext, pause: boolean): Promise<number> {
  const { chains, hubChain, clock, recorder, scenario, addresses: a } = ctx;
  const proposer = createWalletClient({ account: testAccount(councilIndex(0)), transport: rpcHttp(hubChain.rpcUrl) });
  const proposed = await proposeEmergency(proposer, {
    council: a.council,
    pause,
    targets: chains.map((chain) => ({ chainId: chain.chainId, target: a.vault })),
  });
  // A pause needs the emergency quorum; an unpause re-exposes what the pause protected, so the
  // council asks for its full threshold (6 of 9), still without the timelock.
  const quorum = pause ? scenario.council.emergencyThreshold : scenario.council.threshold;
  const approvals = await Promise.all(
    Array.from({ length: quorum }, async (_, i) => {
      const member = createWalletClient({
        account: testAccount(councilIndex(i)),
        transport: rpcHttp(hubChain.rpcUrl),
      });
      const described = await describeApproval(member, { council: a.council, proposalId: proposed.actionId });
      return signApproval(member.account, described);
    }),
  );
  await submitApprovals(proposer, { council: a.council, proposalId: proposed.actionId, approvals });
  const executed = await executeEmergency(proposer, { council: a.council, actionId: proposed.actionId });
  await catchUp(ctx);
  const finalAt = clock.boundaryAtOrAfter(hubChain, clock.now + hubChain.finalityDepth * hubChain.blockTime);
  await advanceTo(ctx, finalAt);
  if (ctx.attackerOn) await exploit(ctx, chains);
  const pending = new Set(chains.map((chain) => chain.name));
  const deadline = clock.now + 3600;
  while (pending.size > 0 && clock.now <= deadline) {
    await pollGuardians(ctx);
    const relayer = relayerFor(ctx, { fromBlock: executed.blockNumber, acknowledge: false });
    await relayer.runOnce();
    await catchUp(ctx);
    const states = await getPausedStates({
      clients: Object.fromEntries(chains.map((chain) => [chain.chainId, chain.client])),
      targets: chains.map((chain) => ({ chainId: chain.chainId, target: a.vault })),
    });
    for (const chain of chains) {
      const paused = states.find((p) => p.chainId === chain.chainId)?.paused;
      if (pending.has(chain.name) && paused === pause) {
        pending.delete(chain.name);
        recorder.mark({ at: clock.now, chain: chain.name, kind: 'executed', label: pause ? 'paused' : 'unpaused' });
      }
    }
    if (pending.size === 0) {
      // The moment the last chain switched, named on the flow lane of the timeline.
      recorder.mark({
        at: clock.now,
        chain: null,
        kind: 'phase',
        label: pause ? 'paused everywhere' : 'unpaused everywhere',
      });
      break;
    }
    await advanceTo(ctx, clock.now + hubChain.blockTime);
    if (ctx.attackerOn) await exploit(ctx, chains);
  }
  if (pending.size > 0) {
    recorder.alert(
      'emergency-incomplete',
      null,
      clock.now,
      `not ${pause ? 'paused' : 'unpaused'}: ${[...pending].join(', ')}`,
    );
  }
  return clock.now;
}
