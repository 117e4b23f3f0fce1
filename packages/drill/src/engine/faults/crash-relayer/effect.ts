/**
 * The `crash-relayer` fault: the relayer runs as an OS process and is killed mid-delivery; a
 * restarted process must finish every delivery.
 */
import { join } from 'node:path';
import { hubStateFor, readHubMessageState } from '@lockstep/core/ack';
import { readMessageState } from '@lockstep/core/relay';
import { killRelayer, spawnRelayer, stopRelayer, writeRelayerDeployment } from '../../../actors/relayer-process.js';
import type { ChainState, DrillContext, Round } from '../../drill-context.js';
import { guardianUrls } from '../../guardian-network.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

/** Armed by the fault: the next relayer pass runs as a process that is killed, then restarted. */
export const crashRelayer: FaultEffect<FaultOf<'crash-relayer'>> = (ctx) => {
  let armed = false;
  return {
    async inject() {
      armed = true;
    },
    async beforeRelay(round, reachable) {
      if (!armed) return;
      armed = false;
      await relayWithCrash(ctx, round, reachable);
    },
  };
};

/** The relayer as an OS process, `kill -9`'d right after its first delivery, then restarted. */
async function relayWithCrash(ctx: DrillContext, round: Round, reachable: readonly ChainState[]): Promise<void> {
  const { clock, recorder, addresses: a } = ctx;
  const relayerParameters = {
    configFile: ctx.configFile,
    root: join(ctx.workDir, 'relayer'),
    chains: ctx.chains,
    addresses: ctx.deployment,
    guardianUrls: guardianUrls(ctx),
    fromBlock: round.dispatchedBlock ?? 0n,
  };
  await writeRelayerDeployment(relayerParameters);
  const first = spawnRelayer(relayerParameters);
  // The 60 s give-up timer is cleared whichever way the race ends: a pending timer would keep the
  // drill process alive for a minute after its verdict.
  let giveUp: NodeJS.Timeout | undefined;
  const started = await Promise.race([
    first.firstDelivery.then(() => true),
    first.exited.then(() => false),
    new Promise<boolean>((resolve) => {
      giveUp = setTimeout(() => resolve(false), 60_000);
    }),
  ]).finally(() => clearTimeout(giveUp));
  await killRelayer(first);
  const delivered = first.lines.filter((line) => line.type === 'delivered').length;
  if (!started) {
    throw new Error(`the relayer process delivered nothing before the crash: ${JSON.stringify(first.lines.slice(-5))}`);
  }
  const fault = recorder.fault(
    'crash-relayer',
    'relayer',
    clock.now,
    // How many deliveries beat the kill depends on the OS's timing: a note, not part of the report.
    `relayer kill -9'd right after its first delivery; restarted`,
  );
  recorder.note(`the relayer had made ${delivered} of ${reachable.length} deliveries when it was killed`);
  const second = spawnRelayer(relayerParameters);
  try {
    // The restarted relayer finishes its round: every delivery and every hub acknowledgement. Stopping
    // it at the deliveries would race its acknowledgements (one hub block each) against the drill's own
    // (one hub block for all), and the same seed would give different hub blocks and times.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [statuses, hubStates] = await Promise.all([
        Promise.all(reachable.map((s) => readMessageState(s.chain.client, a.receiver, s.message?.messageId ?? '0x'))),
        Promise.all(
          reachable.map((s) => readHubMessageState(ctx.hubChain.client, a.hub, s.message?.messageId ?? '0x')),
        ),
      ]);
      const allDelivered = statuses.every((status) => status.status !== 'None');
      // What the hub can acknowledge (Queued, Executed) is acknowledged; a Pending message has nothing to report yet.
      const allAcknowledged = statuses.every(
        (status, i) => hubStateFor(status.status) === undefined || hubStates[i]?.state !== 'Dispatched',
      );
      if (allDelivered && allAcknowledged) break;
      if (Date.now() > deadline) {
        throw new Error(
          `the restarted relayer did not ${allDelivered ? 'acknowledge' : 'deliver'} every message within 60 s`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await stopRelayer(second);
  }
  recorder.clear(fault, clock.now);
}
