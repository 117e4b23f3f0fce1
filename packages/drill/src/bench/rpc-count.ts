/**
 * Counts the JSON-RPC calls this process sends, per phase and method: it wraps `globalThis.fetch`
 * (viem's http transport to remote endpoints), observes core's `loopbackFetch` (the relayer's, the
 * guardians' and the council's clients to local chains) and the drill's WebSocket transport, reads
 * each request body's method (batches counted per call) and files it under the phase the caller
 * names. Calls are load-independent, unlike wall time: the bench's profile and the scale tests use them.
 */
import { observeLoopbackRequests } from '@lockstep/core/chain';

export type RpcCounts = Map<string, Map<string, number>>;

export type RpcCounter = {
  /** Calls so far: phase → method → count. */
  readonly counts: RpcCounts;
  /**
   * Requests so far (HTTP, or WebSocket messages): phase → the request's one method, or `batch`
   * for a JSON-RPC batch → count. Each is a round trip (and a socket write) however many calls it
   * carries.
   */
  readonly requests: RpcCounts;
  /**
   * With `byCaller`: requests so far, phase → `method @ caller` → count, where the caller is the
   * innermost Lockstep function (outside the transports and this counter) on the request's stack.
   */
  readonly callers: RpcCounts;
  /** Files the calls from now on under `phase`. */
  setPhase(phase: string): void;
  /** Total calls of `method` (every phase when `phase` is omitted). */
  total(method: string, phase?: string): number;
  /** Calls of `method` to the endpoint `url` (every phase when `phase` is omitted). */
  totalTo(url: string, method: string, phase?: string): number;
  /** Puts `globalThis.fetch` back. */
  restore(): void;
};

/** One request as sent: its endpoint, its calls' methods (see `methodsOf`) and whether it was a batch. */
type RequestListener = (url: string, methods: readonly string[], batch: boolean) => void;
const listeners = new Set<RequestListener>();

/**
 * Tells the counters (if any) about a JSON-RPC request sent without `fetch` (the drill's
 * WebSocket transport, `chains/drill-transport.ts`): one request, one call.
 */
export function noteRpcRequest(url: string, method: string, params: unknown): void {
  if (listeners.size === 0) return;
  const methods = methodsOfCalls([{ method, params }]);
  for (const listener of listeners) listener(normalize(url.replace(/^ws/, 'http')), methods, false);
}

/**
 * Starts counting every JSON-RPC call this process makes: with `fetch` (viem's http transport,
 * the relayer's and guardians' clients) and over the drill's WebSocket transport (counted under
 * the endpoint's http URL, so a chain is one endpoint whichever way it is reached).
 */
export function countRpcCalls(initialPhase = 'start', options: { byCaller?: boolean } = {}): RpcCounter {
  const original = globalThis.fetch;
  const counts: RpcCounts = new Map();
  /** phase → `${url} ${method}` → count. */
  const byUrl: RpcCounts = new Map();
  const requests: RpcCounts = new Map();
  const callers: RpcCounts = new Map();
  let phase = initialPhase;
  const note = (into: RpcCounts, key: string) => {
    const keys = into.get(phase) ?? new Map<string, number>();
    keys.set(key, (keys.get(key) ?? 0) + 1);
    into.set(phase, keys);
  };
  const listener: RequestListener = (url, methods, batch) => {
    for (const method of methods) {
      note(counts, method);
      note(byUrl, `${url} ${method}`);
    }
    if (methods.length > 0) note(requests, batch ? 'batch' : (methods[0] ?? ''));
    if (options.byCaller && methods.length > 0)
      note(callers, `${batch ? 'batch' : methods[0]} @ ${callerOf(new Error().stack ?? '')}`);
  };
  listeners.add(listener);
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = normalize(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    listener(url, methodsOf(init?.body), isBatch(init?.body));
    return original(input, init);
  };
  // Core's clients reach loopback endpoints without the global fetch.
  const unobserve = observeLoopbackRequests((url, body) => listener(normalize(url), methodsOf(body), isBatch(body)));
  const sum = (into: RpcCounts, key: string, only: string | undefined) => {
    let total = 0;
    for (const [name, keys] of into) if (only === undefined || only === name) total += keys.get(key) ?? 0;
    return total;
  };
  return {
    counts,
    requests,
    callers,
    setPhase(next) {
      phase = next;
    },
    total: (method, only) => sum(counts, method, only),
    totalTo: (url, method, only) => sum(byUrl, `${normalize(url)} ${method}`, only),
    restore() {
      unobserve();
      listeners.delete(listener);
      globalThis.fetch = original;
    },
  };
}

/** Frames of the transports and this counter, skipped when naming a request's caller. */
const PLUMBING = /rpc-count|loopback-fetch|drill-transport|rpc-proxy|node_modules|node:/;

/** The innermost Lockstep frame of a stack (`function file:line`), past the plumbing. */
function callerOf(stack: string): string {
  for (const line of stack.split('\n').slice(1)) {
    const frame = /at (?:async )?(?:(\S+) \()?(?:file:\/\/)?[^()]*\/packages\/([^():]+):(\d+)/.exec(line);
    if (!frame || PLUMBING.test(line)) continue;
    return `${frame[1] ?? '(anon)'} ${frame[2]}:${frame[3]}`;
  }
  return '(unknown)';
}

/** An endpoint URL without a trailing slash, so `http://h:1/` and `http://h:1` count as one. */
function normalize(url: string): string {
  return url.replace(/\/+$/, '');
}

function isBatch(body: unknown): boolean {
  return typeof body === 'string' && body.trimStart().startsWith('[');
}

/** What `MINED_BLOCKS` counts: one per block `evm_mine` mines (a call may mine a run of them). */
export const MINED_BLOCKS = 'evm_mine blocks';

/** The methods of a request body's calls (see `methodsOfCalls`); none when it is not JSON. */
function methodsOf(body: unknown): string[] {
  if (typeof body !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  return methodsOfCalls(Array.isArray(parsed) ? parsed : [parsed]);
}

/** Each call's method; an `evm_mine` also counts `MINED_BLOCKS` once per block it mines. */
function methodsOfCalls(calls: readonly unknown[]): string[] {
  return calls.flatMap((call) => {
    if (!call || typeof call !== 'object') return [];
    const { method, params } = call as { method?: unknown; params?: unknown };
    if (typeof method !== 'string') return [];
    if (method !== 'evm_mine') return [method];
    const options = Array.isArray(params) ? (params[0] as { blocks?: unknown } | undefined) : undefined;
    const blocks = typeof options?.blocks === 'number' ? options.blocks : 1;
    return [method, ...Array.from({ length: blocks }, () => MINED_BLOCKS)];
  });
}
