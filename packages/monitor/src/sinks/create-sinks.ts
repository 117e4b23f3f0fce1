/** The sinks of a monitor section's triggers, by trigger name. */
import type { TriggerSettings } from '@lockstep/core/config';
import { LockstepError } from '@lockstep/core/errors';
import { createJsonLogSink } from './json-log.js';
import { createTerminalSink } from './terminal.js';
import type { AlertLogger, AlertSink } from './types.js';
import { createWebhookSink } from './webhook.js';

export type CreateSinksParameters = {
  logger: AlertLogger;
  /** Where terminal triggers write their lines (the CLI: stderr, or stdout). */
  write: (line: string) => void;
  /** Where `{ env }` header values are read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Webhook backoff (tests shorten it). */
  backoff?: { baseDelayMs: number; maxDelayMs: number };
  /** The most transitions a webhook keeps waiting during an outage (default `DEFAULT_WEBHOOK_QUEUE_LIMIT`). */
  webhookQueueLimit?: number;
  /** Called with the trigger's name for every transition a webhook dropped because its queue was full. */
  onWebhookDrop?: (trigger: string) => void;
};

export function createSinks(
  triggers: Readonly<Record<string, TriggerSettings>>,
  parameters: CreateSinksParameters,
): Map<string, AlertSink> {
  const env = parameters.env ?? process.env;
  const sinks = new Map<string, AlertSink>();
  for (const [name, trigger] of Object.entries(triggers)) {
    switch (trigger.type) {
      case 'terminal':
        sinks.set(name, createTerminalSink(name, parameters.write));
        break;
      case 'json-log':
        sinks.set(name, createJsonLogSink(name, trigger.path, parameters.logger));
        break;
      case 'webhook': {
        const headers = Object.fromEntries(
          Object.entries(trigger.headers).map(([header, value]) => {
            if (typeof value === 'string') return [header, value];
            const read = env[value.env];
            if (read === undefined || read === '') {
              throw new LockstepError(
                `monitor.triggers.${name}.headers.${header} reads the environment variable ${value.env}, which is not set — set ${value.env}, or remove the header`,
              );
            }
            return [header, read];
          }),
        );
        sinks.set(
          name,
          createWebhookSink({
            name,
            url: trigger.url,
            headers,
            retries: trigger.retries,
            timeoutSeconds: trigger.timeoutSeconds,
            logger: parameters.logger,
            ...(parameters.backoff ? { backoff: parameters.backoff } : {}),
            ...(parameters.webhookQueueLimit === undefined ? {} : { maxQueued: parameters.webhookQueueLimit }),
            ...(parameters.onWebhookDrop ? { onDrop: parameters.onWebhookDrop } : {}),
          }),
        );
        break;
      }
    }
  }
  return sinks;
}
