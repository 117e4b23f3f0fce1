/**
 * `@lockstep/monitor`: one live view of every proposal on every chain. Watchers read the chains into
 * snapshots; the alert engine turns snapshots into alert transitions for its sinks; the store keeps
 * checkpoints, proposals and alerts (PGlite by default, PostgreSQL with DATABASE_URL); metrics and the
 * dashboard show the same snapshots.
 */

export * from './alerts/index.js';
export * from './metrics/index.js';
export * from './model.js';
export * from './sinks/index.js';
export type { Checkpoint, CommitBatch, Json, MonitorStore, StoredEvent } from './store/types.js';
