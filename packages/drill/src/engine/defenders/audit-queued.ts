/**
 * The defenders at queue time: a queued message must install the audited code, else the chain
 * guardian cancels it on the receiver (also used when an execution finds the code changed).
 */
import { upgradeReceiverAbi } from '@lockstep/client';
import { rpcHttp } from '@lockstep/core/chain';
import { codeHash } from '@lockstep/core/crypto';
import { createWalletClient, type Hex } from 'viem';
import { KEY_INDEX, testAccount } from '../../setup/keys.js';
import type { ChainState, DrillContext } from '../drill-context.js';
import { conditionStart } from './monitor.js';

/**
 * The defenders' check when a message is queued: the implementation must be the audited one
 * (the fix's codehash) and its code must still have the approved codehash. Otherwise the
 * chain guardian cancels the message before activation.
 */
export async function auditQueued(
  ctx: DrillContext,
  state: ChainState,
  /** The implementation's code when already read (`readQueuedFacts`); read here otherwise. */
  read?: { code: Hex | undefined },
): Promise<void> {
  const { audited, clock, recorder } = ctx;
  if (!state.action) return;
  const code = read ? read.code : await state.chain.client.getCode({ address: state.action.implementation });
  const deployed = code ? codeHash(code) : undefined;
  const problem = !audited.has(state.action.codehash)
    ? `${state.action.implementation} is not the audited implementation (codehash ${state.action.codehash.slice(0, 10)}…, audited ${[...audited].map((h) => `${h.slice(0, 10)}…`).join(', ')})`
    : deployed !== state.action.codehash
      ? `the code at ${state.action.implementation} changed after approval (now ${deployed?.slice(0, 10) ?? 'none'}…)`
      : undefined;
  if (!problem) return;
  // Detection latency from the code's change when the drill caused it (a mutate-implementation fault).
  const since = conditionStart(recorder, 'mutate-implementation', state.chain.name, clock.now);
  recorder.alert('codehash-mismatch', state.chain.name, clock.now, `${state.chain.name}: ${problem}`, since);
  await cancelOn(ctx, state, problem);
}

/** The chain guardian cancels the chain's message on its receiver (it can never execute). */
export async function cancelOn(ctx: DrillContext, state: ChainState, why: string): Promise<void> {
  if (!state.message || state.cancelled) return;
  const guardian = createWalletClient({
    account: testAccount(KEY_INDEX.chainGuardian),
    transport: rpcHttp(state.chain.rpcUrl),
  });
  const hash = await guardian.writeContract({
    chain: null,
    address: ctx.addresses.receiver,
    abi: upgradeReceiverAbi,
    functionName: 'cancel',
    args: [state.message.messageId],
  });
  await state.chain.client.waitForTransactionReceipt({ hash });
  state.cancelled = true;
  state.done = true;
  ctx.recorder.mark({ at: ctx.clock.now, chain: state.chain.name, kind: 'alert', label: `cancelled: ${why}` });
}
