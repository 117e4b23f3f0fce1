import type { Alert, MonitorEvent, MonitorFeed, MonitorSnapshot } from '../model.js';

/** What the page shows: the latest snapshot and the alerts cleared recently (newest first). */
export type DashboardState = {
  snapshot: MonitorSnapshot;
  recentlyCleared: Alert[];
};

/** How many cleared alerts the page keeps listing. */
export const RECENTLY_CLEARED_LIMIT = 20;

/**
 * Follows a feed and keeps the dashboard's state: the snapshot is always the feed's current one; the
 * cleared alerts come from the feed's alert transitions (a snapshot lists only active alerts), kept
 * newest first and bounded. `onChange` runs after every feed event.
 */
export class DashboardStateTracker {
  readonly #feed: MonitorFeed;
  readonly #cleared: Alert[] = [];
  readonly #unsubscribe: () => void;

  constructor(feed: MonitorFeed, onChange: (state: DashboardState) => void) {
    this.#feed = feed;
    this.#unsubscribe = feed.subscribe((event) => {
      this.#apply(event);
      onChange(this.state());
    });
  }

  state(): DashboardState {
    return { snapshot: this.#feed.current(), recentlyCleared: [...this.#cleared] };
  }

  stop(): void {
    this.#unsubscribe();
  }

  #apply(event: MonitorEvent): void {
    if (event.type !== 'alert') return;
    const { alert } = event.transition;
    // A condition that fires again is no longer "cleared"; one that clears moves to the top.
    const index = this.#cleared.findIndex((cleared) => cleared.key === alert.key);
    if (index >= 0) this.#cleared.splice(index, 1);
    if (event.transition.type === 'cleared') {
      this.#cleared.unshift(alert);
      this.#cleared.length = Math.min(this.#cleared.length, RECENTLY_CLEARED_LIMIT);
    }
  }
}
