/**
 * What a transaction changed, from the node: `debug_traceTransaction` with geth's prestateTracer in
 * diff mode (anvil implements it), which lists every account whose balance, nonce, code or storage
 * the transaction changed, with the value before (`pre`) and after (`post`). A slot cleared to zero
 * is in `pre` only. Only anvil's debug namespace is needed: it runs on the rehearsal's own forks.
 */
import { type Address, getAddress, type Hex, pad } from 'viem';
import { z } from 'zod';
import { RehearsalError } from './errors.js';
import type { ForkedChain } from './fork.js';

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const accountState = z.object({
  balance: hex.optional(),
  nonce: z.number().optional(),
  code: hex.optional(),
  storage: z.record(z.string(), hex).optional(),
});
const diffSchema = z.object({ pre: z.record(z.string(), accountState), post: z.record(z.string(), accountState) });

/** One raw change: a storage word, or an account's balance or code. */
export type RawChange = { address: Address; slot: Hex | 'balance' | 'code'; from: Hex; to: Hex };

const ZERO = pad('0x0');

/**
 * The storage, balance and code changes of transaction `hash` on `chain` (nonces are left out:
 * every sender's moves). Throws `RehearsalError` when the node cannot trace it.
 */
export async function traceStorageChanges(chain: ForkedChain, hash: Hex): Promise<RawChange[]> {
  let result: unknown;
  try {
    result = await chain.client.request({
      method: 'debug_traceTransaction' as never,
      params: [hash, { tracer: 'prestateTracer', tracerConfig: { diffMode: true } }] as never,
    });
  } catch (cause) {
    throw new RehearsalError(`${chain.network}: the fork cannot trace ${hash} (debug_traceTransaction)`, {
      reason: 'step-failed',
      cause,
    });
  }
  const parsed = diffSchema.safeParse(result);
  if (!parsed.success) {
    throw new RehearsalError(`${chain.network}: the trace of ${hash} is not a prestateTracer diff`, {
      reason: 'step-failed',
      cause: parsed.error,
    });
  }
  return diffChanges(parsed.data);
}

function diffChanges({ pre, post }: z.output<typeof diffSchema>): RawChange[] {
  const changes: RawChange[] = [];
  const accounts = new Set([...Object.keys(pre), ...Object.keys(post)].map((a) => a.toLowerCase()));
  for (const account of accounts) {
    const before = pre[account] ?? findKey(pre, account);
    const after = post[account] ?? findKey(post, account);
    const address = getAddress(account);
    if (after?.balance !== undefined && after.balance !== before?.balance) {
      changes.push({ address, slot: 'balance', from: (before?.balance ?? '0x0') as Hex, to: after.balance as Hex });
    }
    if (after?.code !== undefined && after.code !== before?.code) {
      changes.push({ address, slot: 'code', from: (before?.code ?? '0x') as Hex, to: after.code as Hex });
    }
    const slots = new Set([...Object.keys(before?.storage ?? {}), ...Object.keys(after?.storage ?? {})]);
    for (const slot of slots) {
      const from = word(before?.storage?.[slot]);
      // In diff mode a slot missing from `post` of a changed account was cleared, unless the
      // account itself is missing from `post` (nothing of it changed).
      const to = after ? word(after.storage?.[slot]) : from;
      if (from !== to) changes.push({ address, slot: pad(slot as Hex), from, to });
    }
  }
  return changes;
}

function findKey<T>(record: Record<string, T>, account: string): T | undefined {
  const key = Object.keys(record).find((k) => k.toLowerCase() === account);
  return key === undefined ? undefined : record[key];
}

function word(value: string | undefined): Hex {
  return value === undefined ? ZERO : pad(value as Hex);
}
