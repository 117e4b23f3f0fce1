/**
 * The webhook sink: each transition is POSTed as JSON (a `TransitionRecord`), in order. A network
 * error, a timeout, a 429 or a 5xx answer is retried with exponential backoff (core's `withRetry`);
 * another 4xx is not. When the last attempt fails the sink logs an error naming the alert and moves
 * on: the poll loop never waits for it.
 *
 * During a long outage transitions pile up behind the one being retried. At most `maxQueued` wait;
 * past that the oldest waiting one is dropped (the newest state matters most). The first drop of an
 * outage logs one warning, every drop is counted (`onDrop`, e.g. a Prometheus counter), and when the
 * queue has caught up the sink logs how many the outage cost.
 */
import { withRetry } from '@lockstep/core/chain';
import { redactUrl } from '@lockstep/core/config';
import { LockstepError } from '@lockstep/core/errors';
import { WebhookError } from './errors.js';
import { SerialQueue } from './queue.js';
import { type AlertLogger, type AlertSink, transitionRecord } from './types.js';

export type WebhookSinkParameters = {
  name: string;
  url: string;
  /** Header values, resolved (tokens already read from the environment). */
  headers: Readonly<Record<string, string>>;
  /** Attempts after the first. */
  retries: number;
  timeoutSeconds: number;
  logger: AlertLogger;
  /** The backoff between attempts: the first delay's bound and the longest. Default 500 ms and 30 s. */
  backoff?: { baseDelayMs: number; maxDelayMs: number };
  /** The most transitions that may wait behind the one being sent. Default `DEFAULT_WEBHOOK_QUEUE_LIMIT`. */
  maxQueued?: number;
  /** Called for every transition dropped because the queue was full (the monitor counts them in its metrics). */
  onDrop?: (trigger: string) => void;
};

/** Transitions a webhook sink keeps waiting during an outage before it drops the oldest. */
export const DEFAULT_WEBHOOK_QUEUE_LIMIT = 1000;

export function createWebhookSink(parameters: WebhookSinkParameters): AlertSink {
  const { name, url, headers, retries, timeoutSeconds, logger } = parameters;
  const shown = redactUrl(url);
  const limit = parameters.maxQueued ?? DEFAULT_WEBHOOK_QUEUE_LIMIT;
  /** Transitions dropped since the queue last ran empty. */
  let dropped = 0;
  const queue = new SerialQueue({
    onError: (error) =>
      logger.error(`alert trigger ${name}: ${error instanceof LockstepError ? error.shortMessage : String(error)}`),
    limit,
    onDrop: () => {
      if (dropped++ === 0) {
        logger.warn(
          `alert trigger ${name}: ${limit} alert transition(s) are waiting for ${shown}; dropping the oldest from now on until it catches up`,
        );
      }
      parameters.onDrop?.(name);
    },
    onIdle: () => {
      if (dropped === 0) return;
      logger.warn(`alert trigger ${name}: caught up with ${shown}; ${dropped} alert transition(s) were dropped`);
      dropped = 0;
    },
  });

  async function post(body: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
      });
    } catch (cause) {
      const reason =
        cause instanceof Error && cause.name === 'TimeoutError' ? `no answer in ${timeoutSeconds} s` : 'unreachable';
      throw new WebhookError(`POST ${shown}: ${reason}`, { retryable: true, cause });
    }
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return;
    const retryable = response.status >= 500 || response.status === 429;
    throw new WebhookError(`POST ${shown} answered ${response.status} ${response.statusText}`.trim(), {
      status: response.status,
      retryable,
    });
  }

  return {
    name,
    deliver(transition) {
      const body = JSON.stringify(transitionRecord(transition));
      const what = `the ${transition.type} alert ${transition.alert.key}`;
      queue.push(async () => {
        let attempts = 0;
        try {
          await withRetry(
            `alert webhook ${name}`,
            () => {
              attempts++;
              return post(body);
            },
            {
              attempts: retries + 1,
              baseDelayMs: parameters.backoff?.baseDelayMs ?? 500,
              maxDelayMs: parameters.backoff?.maxDelayMs ?? 30_000,
              isTransient: (error) => error instanceof WebhookError && error.retryable,
              onRetry: ({ attempt, delayMs, error }) =>
                logger.warn(
                  `alert trigger ${name}: attempt ${attempt} for ${what} failed (${error instanceof LockstepError ? error.shortMessage : String(error)}); retrying in ${delayMs} ms`,
                ),
            },
          );
        } catch (error) {
          const last = error instanceof LockstepError ? (error.walk((e) => e instanceof WebhookError) ?? error) : error;
          const reason = last instanceof LockstepError ? last.shortMessage : String(last);
          throw new LockstepError(`gave up on ${what} after ${attempts} attempt(s): ${reason}`, { cause: error });
        }
      });
    },
    flush: () => queue.drained(),
  };
}
