/**
 * How the drill's relayer and keeper retry transient RPC failures (errors, timeouts, dropped
 * connections: `isTransientError`): attempts in all and the first backoff bound, doubling with
 * jitter. A relayer pass that still fails is tried again at the relay's next stop; a keeper
 * execution that still fails is retried by the execute phase, after the activation time.
 */
import type { RetryOptions } from '@lockstep/core/chain';

export const RELAYER_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 50 };
/** The library executor's own defaults, stated. */
export const KEEPER_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 250 };
