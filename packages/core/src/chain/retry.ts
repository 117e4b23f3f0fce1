/**
 * Exponential backoff with full jitter, for transient RPC failures only: a contract revert is an
 * answer, never retried.
 */
import {
  ContractFunctionRevertedError,
  ExecutionRevertedError,
  HttpRequestError,
  InternalRpcError,
  LimitExceededRpcError,
  NonceTooLowError,
  ResourceUnavailableRpcError,
  SocketClosedError,
  TimeoutError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  WaitForTransactionReceiptTimeoutError,
  WebSocketRequestError,
} from 'viem';
import { TransientRetriesExhaustedError } from '../errors/chain.js';

export type RetryOptions = {
  /** Attempts in all, the first included. Default 5. */
  attempts?: number;
  /** The first delay's upper bound. Default 250 ms. */
  baseDelayMs?: number;
  /** No delay exceeds this. Default 10 s. */
  maxDelayMs?: number;
  /** Called before each wait, e.g. to log. */
  onRetry?: (info: { operation: string; attempt: number; delayMs: number; error: unknown }) => void;
  signal?: AbortSignal;
  /** Which errors are worth another attempt. Default: transient RPC failures (`isTransientError`). */
  isTransient?: (error: unknown) => boolean;
};

const TRANSIENT: readonly (abstract new (...args: never[]) => Error)[] = [
  HttpRequestError,
  TimeoutError,
  SocketClosedError,
  WebSocketRequestError,
  LimitExceededRpcError,
  ResourceUnavailableRpcError,
  InternalRpcError,
  NonceTooLowError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  WaitForTransactionReceiptTimeoutError,
];

/** Whether `error` (or anything in its cause chain) is a transient RPC failure and not a revert. */
export function isTransientError(error: unknown): boolean {
  let transient = false;
  let current: unknown = error;
  for (let depth = 0; depth < 50 && current instanceof Error; depth++) {
    if (current instanceof ContractFunctionRevertedError || current instanceof ExecutionRevertedError) return false;
    if (TRANSIENT.some((type) => current instanceof type)) transient = true;
    current = current.cause;
  }
  return transient;
}

/** The delay before retry `attempt` (1-based): uniform in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelay(attempt: number, baseDelayMs = 250, maxDelayMs = 10_000): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(Math.random() * cap);
}

/**
 * Runs `fn` until it succeeds, retrying transient errors (RPC failures, unless `isTransient` says
 * otherwise) with exponential backoff and jitter.
 * A non-transient error is thrown as is, at once; transient errors past the last attempt throw
 * `TransientRetriesExhaustedError`.
 */
export async function withRetry<T>(operation: string, fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(options.isTransient ?? isTransientError)(error)) throw error;
      if (attempt >= attempts) throw new TransientRetriesExhaustedError({ operation, attempts, cause: error });
      const delayMs = backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs);
      options.onRetry?.({ operation, attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
