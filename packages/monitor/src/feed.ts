/**
 * The monitor's live feed: the latest snapshot and a set of listeners. A listener that throws is
 * reported and kept away from the others; it never stops the monitor.
 */
import type { MonitorEvent, MonitorFeed, MonitorSnapshot } from './model.js';

/** The snapshot before the first poll completes. */
export function emptySnapshot(takenAt: number): MonitorSnapshot {
  return { takenAt, chains: [], proposals: [], signerSets: [], alerts: [] };
}

export class Feed implements MonitorFeed {
  private latest: MonitorSnapshot;
  private readonly listeners = new Set<(event: MonitorEvent) => void>();

  constructor(
    initial: MonitorSnapshot,
    private readonly onListenerError: (error: unknown) => void = () => {},
  ) {
    this.latest = initial;
  }

  current(): MonitorSnapshot {
    return this.latest;
  }

  subscribe(listener: (event: MonitorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Tells every listener; a snapshot also becomes `current()`. */
  publish(event: MonitorEvent): void {
    if (event.type === 'snapshot') this.latest = event.snapshot;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
