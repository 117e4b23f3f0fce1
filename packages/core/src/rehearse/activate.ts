/**
 * The satellites' half after delivery: each fork's clock moved to the shared activation time, the
 * queued upgrade executed everywhere the way the executor does (`executeReady`), then each proxy
 * checked: its EIP-1967 implementation is the action's and that code's hash is the approved one.
 */
import { type Address, getAddress, type Hex, pad, sliceHex } from 'viem';
import { codeHash } from '../crypto/code-hash.js';
import { executeReady } from '../executor/execute-ready.js';
import type { DispatchedMessage, HubLogFields } from '../message/dispatched.js';
import type { ProposalAction } from '../proposal/document.js';
import { RehearsalError } from './errors.js';
import { type ForkedChain, warpTo } from './fork.js';
import { EIP1967_IMPLEMENTATION_SLOT } from './slots.js';
import type { PostCheck, RehearsalTransaction } from './types.js';

export type ActivateParameters = {
  chains: readonly ForkedChain[];
  messages: readonly Omit<DispatchedMessage, HubLogFields>[];
  activationTime: number;
  record(transaction: RehearsalTransaction): void;
};

/** Executes every chain's message at the activation time; returns each chain's execution time. */
export async function activateEverywhere({
  chains,
  messages,
  activationTime,
  record,
}: ActivateParameters): Promise<Map<number, bigint>> {
  await Promise.all(chains.map((chain) => warpTo(chain, BigInt(activationTime))));
  const receiver = messages[0]?.receiver;
  if (!receiver) return new Map();
  const reports = await executeReady({
    clients: Object.fromEntries(chains.map((chain) => [chain.chainId, chain.operator])),
    receiver,
    messages,
  });
  const executedAt = new Map<number, bigint>();
  for (const report of reports) {
    if (report.status !== 'executed') {
      const why = report.status === 'failed' ? report.reason : report.status;
      throw new RehearsalError(`chain ${report.chainId}: the upgrade did not execute at the activation time (${why})`, {
        reason: 'step-failed',
      });
    }
    record({
      chainId: report.chainId,
      step: 'execute (receiver, at the activation time)',
      hash: report.transactionHash,
    });
    executedAt.set(report.chainId, report.timestamp);
  }
  return executedAt;
}

/** Each action's proxy runs its new implementation, and that code has the approved hash. */
export async function postChecks(chain: ForkedChain, actions: readonly ProposalAction[]): Promise<PostCheck[]> {
  const checks: PostCheck[] = [];
  for (const action of actions) {
    const word = await chain.client.getStorageAt({ address: action.proxy, slot: EIP1967_IMPLEMENTATION_SLOT });
    const running: Address = getAddress(sliceHex(pad(word ?? '0x0'), 12));
    const base = { chainId: chain.chainId, proxy: action.proxy };
    checks.push({
      ...base,
      check: 'implementation',
      ok: running === getAddress(action.implementation),
      detail: `runs ${running}, the action names ${action.implementation}`,
    });
    const code = await chain.client.getCode({ address: running });
    const codehash: Hex | undefined = code && code !== '0x' ? codeHash(code) : undefined;
    checks.push({
      ...base,
      check: 'codehash',
      ok: codehash === action.codehash,
      detail: `${running} has codehash ${codehash ?? '(no code)'}, the approved one is ${action.codehash}`,
    });
  }
  return checks;
}
