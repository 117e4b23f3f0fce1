import type { AlertTransition, MonitorEvent, MonitorFeed, MonitorSnapshot } from '../model.js';

/** A snapshot of nothing: what a feed holds before its first poll. */
export function emptySnapshot(takenAt = Math.floor(Date.now() / 1000)): MonitorSnapshot {
  return { takenAt, chains: [], proposals: [], signerSets: [], alerts: [] };
}

/**
 * A `MonitorFeed` its owner pushes into: `publish` a snapshot or an alert transition and every
 * subscriber hears it, in subscription order. Whatever produces snapshots (the watchers, a replay
 * of stored ones, a test) can drive the dashboard and the metrics through it. A listener that
 * throws does not stop the others; its error is passed to `onListenerError`.
 */
export class FeedPublisher implements MonitorFeed {
  #current: MonitorSnapshot;
  readonly #listeners = new Set<(event: MonitorEvent) => void>();
  readonly #onListenerError: (error: unknown) => void;

  constructor({
    initial = emptySnapshot(),
    onListenerError = (error: unknown) => console.error('monitor feed listener failed:', error),
  }: { initial?: MonitorSnapshot; onListenerError?: (error: unknown) => void } = {}) {
    this.#current = initial;
    this.#onListenerError = onListenerError;
  }

  current(): MonitorSnapshot {
    return this.#current;
  }

  subscribe(listener: (event: MonitorEvent) => void): () => void {
    // A wrapper, so the same function subscribed twice is two subscriptions.
    const entry = (event: MonitorEvent) => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Makes `snapshot` the current one and tells every listener. */
  publish(snapshot: MonitorSnapshot): void {
    this.#current = snapshot;
    this.#emit({ type: 'snapshot', snapshot });
  }

  /** Tells every listener an alert fired or cleared (the snapshot's active alerts are the owner's to update). */
  publishAlert(transition: AlertTransition): void {
    this.#emit({ type: 'alert', transition });
  }

  #emit(event: MonitorEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
