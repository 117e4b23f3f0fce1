export { type CreateSinksParameters, createSinks } from './create-sinks.js';
export { WebhookError, type WebhookErrorType } from './errors.js';
export { createJsonLogSink } from './json-log.js';
export { createTerminalSink, formatTransition } from './terminal.js';
export { type AlertLogger, type AlertSink, type TransitionRecord, transitionRecord } from './types.js';
export { createWebhookSink, DEFAULT_WEBHOOK_QUEUE_LIMIT, type WebhookSinkParameters } from './webhook.js';
