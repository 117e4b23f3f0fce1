/**
 * The fallback verifier in a drill: while the guardian bridge stays below quorum, the fallback
 * council ratifies the undelivered messages the final hub holds on their chains.
 */
import { rpcHttp } from '@lockstep/core/chain';
import { adapterAddress } from '@lockstep/core/deploy';
import { ratifyWithFallback } from '@lockstep/core/fallback';
import { createWalletClient } from 'viem';
import { councilIndex, KEY_INDEX, testAccount } from '../../../setup/keys.js';
import { onFinalHub } from '../../defenders/final-dispatch.js';
import type { ChainState, DrillContext } from '../../drill-context.js';
import { noteFailedDeliveries } from './failed-deliveries.js';

/** The fallback verifier: the fallback council (the council's keys) ratifies each undelivered message. */
export async function ratifyByFallback(ctx: DrillContext, candidates: ChainState[]): Promise<void> {
  const { clock, recorder, scenario, addresses: a } = ctx;
  // A member ratifies only what the final hub holds (a reorg may have taken the dispatch off it).
  const undelivered = await onFinalHub(ctx, candidates);
  if (undelivered.length === 0) return;
  const submitter = testAccount(KEY_INDEX.relayer);
  const result = await ratifyWithFallback({
    clients: Object.fromEntries(
      undelivered.map((s) => [
        s.chain.chainId,
        createWalletClient({ account: submitter, transport: rpcHttp(s.chain.rpcUrl) }),
      ]),
    ),
    adapter: adapterAddress(a, 'fallback'),
    receiver: a.receiver,
    messages: undelivered.flatMap((s) => (s.message ? [{ encoded: s.message.encoded }] : [])),
    accounts: Array.from({ length: scenario.council.size }, (_, i) => testAccount(councilIndex(i))),
  });
  for (const ratified of result.ratified) {
    const state = undelivered.find((s) => s.chain.chainId === ratified.chainId);
    recorder.alert(
      'fallback-ratified',
      state?.chain.name ?? null,
      clock.now,
      `the fallback council ratified the message to ${state?.chain.name ?? ratified.chainId} (${ratified.signers.length} signatures)`,
    );
  }
  // An expired-on-arrival refusal is named (alert, report); any other failure is a note.
  noteFailedDeliveries(ctx, undelivered, result.failed);
}
