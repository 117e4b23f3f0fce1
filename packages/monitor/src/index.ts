/**
 * `@lockstep/monitor`: one live view of every proposal on every chain. Watchers read the chains into
 * snapshots; the alert engine turns snapshots into alert transitions for its sinks; the store keeps
 * checkpoints, proposals and alerts (PGlite by default, PostgreSQL with DATABASE_URL); metrics and the
 * dashboard show the same snapshots.
 */

export * from './alerts/index.js';
export * from './dashboard/index.js';
export type { DeriveChain, DeriveProposalsParameters } from './derive/proposals.js';
export { deriveProposals } from './derive/proposals.js';
export { signerSetDigest, signerSetStatuses } from './derive/signer-sets.js';
export { emptySnapshot } from './feed.js';
export * from './metrics/index.js';
export * from './model.js';
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_POLL_INTERVAL_MS,
  Monitor,
  type MonitorParameters,
} from './monitor.js';
export * from './sinks/index.js';
export { buildSnapshot } from './snapshot.js';
export { DEFAULT_DATA_DIR, IN_MEMORY, type OpenStoreOptions, openStore } from './store/index.js';
export type { Checkpoint, CommitBatch, Json, MonitorStore, StoredEvent } from './store/types.js';
export {
  type ChainsFromDeploymentsParameters,
  chainsFromDeployments,
  RPC_TIMEOUT_MS,
} from './watch/from-deployments.js';
export { DEFAULT_MAX_BLOCK_RANGE, type PollChainReturnType, pollChain } from './watch/poll-chain.js';
export { type WatchedChain, watchedContracts } from './watch/watched-chain.js';
