/**
 * The last canary each chain's receiver reported (`CanaryReceived`), with its latency: the hub's
 * dispatch block time (carried in the message) to the receiver's delivery block time.
 */
import type { LastCanary } from '../model.js';
import type { StoredEvent } from '../store/types.js';
import { hexArg, numberArg } from './args.js';

/** Per chain id, the newest `CanaryReceived` among `events` (by block, then log index). */
export function lastCanaries(events: readonly StoredEvent[]): Map<number, LastCanary> {
  const newest = new Map<number, StoredEvent>();
  for (const event of events) {
    if (event.name !== 'CanaryReceived') continue;
    const seen = newest.get(event.chainId);
    const later =
      !seen ||
      event.blockNumber > seen.blockNumber ||
      (event.blockNumber === seen.blockNumber && event.logIndex > seen.logIndex);
    if (later) newest.set(event.chainId, event);
  }
  return new Map(
    [...newest].map(([chainId, event]) => {
      const sentAt = numberArg(event, 'sentAt');
      return [
        chainId,
        {
          canaryId: hexArg(event, 'canaryId'),
          messageId: hexArg(event, 'messageId'),
          sentAt,
          deliveredAt: event.timestamp,
          latencySeconds: event.timestamp - sentAt,
        },
      ];
    }),
  );
}
