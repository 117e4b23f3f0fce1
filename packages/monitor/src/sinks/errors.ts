import { LockstepError } from '@lockstep/core/errors';

export type WebhookErrorType = WebhookError & { name: 'WebhookError' };

/** A webhook did not take an alert: the endpoint answered an error, timed out, or could not be reached. */
export class WebhookError extends LockstepError {
  override name = 'WebhookError' as const;
  /** The HTTP status, when the endpoint answered. */
  readonly status: number | undefined;
  /** Whether another attempt may succeed (network errors, timeouts, 429 and 5xx answers). */
  readonly retryable: boolean;

  constructor(shortMessage: string, parameters: { status?: number; retryable: boolean; cause?: unknown }) {
    super(shortMessage, parameters.cause === undefined ? {} : { cause: parameters.cause });
    this.status = parameters.status;
    this.retryable = parameters.retryable;
  }
}
