import type { AlertTransition } from '../model.js';

/** Where the alert engine's own messages go (the CLI passes its logger; the library never prints). */
export type AlertLogger = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

/**
 * One destination of alert transitions (a trigger of the config). `deliver` never blocks and never
 * throws: a sink queues the transition and reports its own failures through the logger; `flush`
 * waits until everything queued so far has been delivered or given up on.
 */
export interface AlertSink {
  /** The trigger's name in the config. */
  readonly name: string;
  deliver(transition: AlertTransition): void;
  flush(): Promise<void>;
}

/** The body of every transition sent outside the process (JSON log line, webhook POST): complete and self-describing. */
export type TransitionRecord = {
  type: AlertTransition['type'];
  /** When the transition happened (ISO 8601): the alert's `firedAt` or `clearedAt`. */
  at: string;
  alert: AlertTransition['alert'];
};

export function transitionRecord(transition: AlertTransition): TransitionRecord {
  const { alert } = transition;
  const at = transition.type === 'fired' ? alert.firedAt : (alert.clearedAt ?? alert.firedAt);
  return { type: transition.type, at: new Date(at * 1000).toISOString(), alert };
}
