/**
 * The `verify` phase: what each chain ended up with, read from the chain itself (implementation,
 * codehash, deliveries and executions from the contracts' events) plus the drill's own record
 * (execution block, guardian set, funds at risk and lost).
 */
import { upgradeReceiverAbi } from '@lockstep/client';
import { keccak256 } from 'viem';
import type { ChainReport } from '../types.js';
import type { DrillContext } from './drill-context.js';
import { onEvent } from './faults.js';
import { implementationOf } from './vault.js';

export async function verifyChains(ctx: DrillContext): Promise<ChainReport[]> {
  const { recorder, states, attacker, deliveredUnderSet, fundsAtRisk, addresses: a } = ctx;
  return recorder.phase('verify', async () => {
    const reports = await Promise.all(
      [...states.values()].map(async (state): Promise<ChainReport> => {
        const after = await implementationOf(state.chain, state.proxy);
        const code = await state.chain.client.getCode({ address: after });
        const messageId = state.message?.messageId;
        // The activation time of the last round that reached this chain.
        const activation =
          ctx.rounds.findLast((round) => round.states.includes(state) && round.report.activationAt !== null)?.report
            .activationAt ?? null;
        // Deliveries: the receiver's acceptances of this message (queued once its adapters confirmed
        // it, whichever adapter that was: guardians or the fallback); executions: its upgrades.
        const [accepted, executed] = messageId
          ? await Promise.all([
              state.chain.client.getContractEvents({
                address: a.receiver,
                abi: upgradeReceiverAbi,
                eventName: 'UpgradeQueued',
                args: { messageId },
                fromBlock: 0n,
              }),
              state.chain.client.getContractEvents({
                address: a.receiver,
                abi: upgradeReceiverAbi,
                eventName: 'UpgradeExecuted',
                args: { messageId },
                fromBlock: 0n,
              }),
            ])
          : [[], []];
        return {
          name: state.chain.name,
          chainId: state.chain.chainId,
          rpcUrl: state.chain.rpcUrl,
          blockTime: state.chain.blockTime,
          proxy: state.proxy,
          implementationBefore: state.implementationBefore,
          implementationAfter: after,
          expectedCodehash: state.action?.codehash ?? '',
          observedCodehash: code ? keccak256(code) : '',
          executedAtBlock: state.executed ? Number(state.executed.block) : null,
          executedAtTimestamp: state.executed ? Number(state.executed.timestamp) : null,
          deliveries: accepted.length,
          guardianSet: deliveredUnderSet.get(state.chain.chainId) ?? null,
          executions: executed.length,
          deliveredVia: state.deliveredVia ?? null,
          queuedAt: state.queuedAt ?? null,
          executableAt: state.executableAt ?? null,
          activationDelaySeconds:
            state.executableAt === undefined || activation === null
              ? null
              : Math.max(0, Math.round(state.executableAt - activation)),
          fallbackDelaySeconds: state.fallbackDelaySeconds ?? null,
          expiredOnArrival: state.expiredOnArrival ?? null,
          fundsAtRisk: state.vault ? fundsAtRisk.toString() : '0',
          fundsLost: (attacker.stolen.get(state.chain.name) ?? 0n).toString(),
          messages: [], // filled in by the evidence, read once every message is done
        };
      }),
    );
    await onEvent(ctx, 'verified');
    return reports;
  });
}
