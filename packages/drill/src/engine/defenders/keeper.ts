/**
 * The keeper's execution on one chain: pre-signed for the block at a given virtual time and
 * broadcast before that block is built (so it is the block's first transaction), through the
 * library's executor (`executeReady`). A fault may take the execution over (`beforeExecute`).
 */
import { upgradeReceiverAbi } from '@lockstep/client';
import { rpcHttp } from '@lockstep/core/chain';
import { type ExecuteReadyParameters, type ExecutionReport, executeReady } from '@lockstep/core/executor';
import { createWalletClient, encodeFunctionData, type Hex } from 'viem';
import { KEY_INDEX, testAccount } from '../../setup/keys.js';
import type { ChainState, DrillContext } from '../drill-context.js';
import { rpcUrlFor } from '../faults/rpc-fault/routes.js';
import { KEEPER_RETRY } from './rpc-retry.js';

/** How often the keeper looks for its receipt once the block it was broadcast for is mined (wall ms). */
const RECEIPT_POLL_MS = 25;

/**
 * What takes the keeper's execution over, asked once there is something to execute (a fault's
 * `beforeExecute`): the transaction is sent with `gas` and reported failed with `reason`.
 */
export type TakeOver = () => { gas: bigint; reason: string } | undefined;

/**
 * Submits the keeper's execution on one chain for its block at virtual time `at` (`takeOver`: a
 * `revert-execution` fault makes the first one run out of gas), without waiting for the block: the
 * returned function reports the outcome once the block is mined. Undefined: nothing to execute here.
 */
export async function submitExecution(
  ctx: DrillContext,
  state: ChainState,
  at: number,
  takeOver: TakeOver,
  /** The keeper's capped offer (`phases/execute/fee-policy.ts`); undefined: the node's estimate. */
  fees?: ExecuteReadyParameters['fees'],
): Promise<(() => Promise<ExecutionReport | undefined>) | undefined> {
  const { receiver } = ctx.addresses;
  const message = state.message;
  if (!message || state.queuedAt === undefined) return undefined;
  const keeper = createWalletClient({
    account: testAccount(KEY_INDEX.relayer),
    transport: rpcHttp(rpcUrlFor(state.chain, 'keeper')),
    pollingInterval: RECEIPT_POLL_MS,
  });
  // A fault may take this execution over (it is sent starved of gas and fails).
  const takeover = takeOver();
  if (takeover) {
    const hash = await keeper.sendTransaction({
      chain: null,
      to: receiver,
      data: executeCalldata(message.encoded),
      gas: takeover.gas,
    });
    return async () => {
      await state.chain.client.getTransactionReceipt({ hash });
      return {
        chainId: state.chain.chainId,
        messageId: message.messageId,
        status: 'failed',
        reason: takeover.reason,
        error: new Error(takeover.reason),
      };
    };
  }
  // The library's executor, broadcasting for the block at `at` (it is judged and simulated at that time).
  let broadcast: () => void = () => {};
  const accepted = new Promise<void>((resolve) => {
    broadcast = resolve;
  });
  const reports = executeReady({
    clients: { [state.chain.chainId]: keeper },
    receiver,
    messages: [{ messageId: message.messageId, chainId: state.chain.chainId, encoded: message.encoded }],
    at: BigInt(ctx.clock.chainTimeAt(state.chain, at)),
    onBroadcast: broadcast,
    retry: KEEPER_RETRY,
    ...(fees ? { fees } : {}),
  });
  // In the mempool (or nothing to send): the block can be built.
  await Promise.race([accepted, reports]);
  return async () => (await reports)[0];
}

function executeCalldata(encoded: Hex): Hex {
  return encodeFunctionData({ abi: upgradeReceiverAbi, functionName: 'execute', args: [encoded] });
}
