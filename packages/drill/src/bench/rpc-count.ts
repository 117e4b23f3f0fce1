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
  /** Puts `globalThis.fetch` back. */
  restore(): void;
};

/** Starts counting every JSON-RPC call made with `fetch` in this process. */
export function countRpcCalls(initialPhase = 'start'): RpcCounter {
  const original = globalThis.fetch;
  const counts: RpcCounts = new Map();
  let phase = initialPhase;
  const note = (method: string) => {
    const methods = counts.get(phase) ?? new Map<string, number>();
    methods.set(method, (methods.get(method) ?? 0) + 1);
    counts.set(phase, methods);
  };
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    for (const method of methodsOf(init?.body)) note(method);
    return original(input, init);
  };
  return {
    counts,
    setPhase(next) {
      phase = next;
    },
    total(method, only) {
      let sum = 0;
      for (const [name, methods] of counts) if (only === undefined || only === name) sum += methods.get(method) ?? 0;
      return sum;
    },
    restore() {
      globalThis.fetch = original;
    },
  };
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
