/**
 * Counts the JSON-RPC calls this process sends, per phase and method: it wraps `globalThis.fetch`
 * (viem's http transport, the relayer's and the guardians' clients all go through it), reads each
 * request body's method (batches counted per call) and files it under the phase the caller names.
 * Calls are load-independent, unlike wall time: the bench's profile and the scale tests use them.
 */

export type RpcCounts = Map<string, Map<string, number>>;

export type RpcCounter = {
  /** Calls so far: phase → method → count. */
  readonly counts: RpcCounts;
  /** Files the calls from now on under `phase`. */
  setPhase(phase: string): void;
  /** Total calls of `method` (every phase when `phase` is omitted). */
  total(method: string, phase?: string): number;
  /** Calls of `method` to the endpoint `url` (every phase when `phase` is omitted). */
  totalTo(url: string, method: string, phase?: string): number;
  /** Puts `globalThis.fetch` back. */
  restore(): void;
};

/** Starts counting every JSON-RPC call made with `fetch` in this process. */
export function countRpcCalls(initialPhase = 'start'): RpcCounter {
  const original = globalThis.fetch;
  const counts: RpcCounts = new Map();
  /** phase → `${url} ${method}` → count. */
  const byUrl: RpcCounts = new Map();
  let phase = initialPhase;
  const note = (into: RpcCounts, key: string) => {
    const keys = into.get(phase) ?? new Map<string, number>();
    keys.set(key, (keys.get(key) ?? 0) + 1);
    into.set(phase, keys);
  };
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = normalize(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    for (const method of methodsOf(init?.body)) {
      note(counts, method);
      note(byUrl, `${url} ${method}`);
    }
    return original(input, init);
  };
  const sum = (into: RpcCounts, key: string, only: string | undefined) => {
    let total = 0;
    for (const [name, keys] of into) if (only === undefined || only === name) total += keys.get(key) ?? 0;
    return total;
  };
  return {
    counts,
    setPhase(next) {
      phase = next;
    },
    total: (method, only) => sum(counts, method, only),
    totalTo: (url, method, only) => sum(byUrl, `${normalize(url)} ${method}`, only),
    restore() {
      globalThis.fetch = original;
    },
  };
}

/** An endpoint URL without a trailing slash, so `http://h:1/` and `http://h:1` count as one. */
function normalize(url: string): string {
  return url.replace(/\/+$/, '');
}

function methodsOf(body: unknown): string[] {
  if (typeof body !== 'string') return [];
  try {
    const parsed = JSON.parse(body) as unknown;
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    return calls.flatMap((call) =>
      call && typeof call === 'object' && typeof (call as { method?: unknown }).method === 'string'
        ? [(call as { method: string }).method]
        : [],
    );
  } catch {
    return [];
  }
}
