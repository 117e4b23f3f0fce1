/**
 * Deliveries: a message the hub dispatched and still records as only `Dispatched` (no destination
 * acknowledged it) once its acknowledgement deadline passed is overdue (`message-not-acknowledged`).
 * Pure logic over the hub's delivery records (read them with `getDeliveryStatus` from `../ack`).
 */
import type { HubDeliveryState } from '../ack/hub-state.js';
import type { Detection } from './types.js';

export type DeliveryObservation = {
  chain: string;
  messageId: string;
  /** What the hub records for the message (from the reporters' acknowledgements). */
  hubState: HubDeliveryState;
};

export type DetectUnacknowledgedParameters = {
  /** When the hub dispatched the messages (seconds). */
  dispatchedAt: number;
  /** When the records were read (seconds, same clock). */
  now: number;
  /** Seconds a destination has to acknowledge. */
  timeoutSeconds: number;
  messages: readonly DeliveryObservation[];
};

/**
 * Every message still only `Dispatched` after `dispatchedAt + timeoutSeconds`; the condition
 * begins at that deadline (`since`).
 */
export function detectUnacknowledged(
  parameters: DetectUnacknowledgedParameters,
): Detection<'message-not-acknowledged'>[] {
  const { dispatchedAt, now, timeoutSeconds, messages } = parameters;
  const deadline = dispatchedAt + timeoutSeconds;
  if (now < deadline) return [];
  return messages
    .filter((m) => m.hubState === 'None' || m.hubState === 'Dispatched')
    .map((m) => ({
      kind: 'message-not-acknowledged' as const,
      chain: m.chain,
      detectedAt: now,
      since: deadline,
      message: `the hub has no acknowledgement from ${m.chain} for message ${m.messageId.slice(0, 10)}… ${Math.round(now - dispatchedAt)} s after dispatch (deadline ${timeoutSeconds} s)`,
    }));
}
