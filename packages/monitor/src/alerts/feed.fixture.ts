/** A feed the tests publish to by hand: the engine's feed does the same from its polls. */
import type { MonitorEvent, MonitorFeed, MonitorSnapshot } from '../model.js';

export type TestFeed = MonitorFeed & { publish(event: MonitorEvent): void };

export function createTestFeed(initial: MonitorSnapshot): TestFeed {
  let current = initial;
  const listeners = new Set<(event: MonitorEvent) => void>();
  return {
    current: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(event) {
      if (event.type === 'snapshot') current = event.snapshot;
      for (const listener of listeners) listener(event);
    },
  };
}
