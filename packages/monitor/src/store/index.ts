export {
  redactUrl,
  StoreConnectionError,
  type StoreConnectionErrorType,
  type StoreConnectionReason,
  StoreDataDirError,
  type StoreDataDirErrorType,
  StoreOptionsError,
  type StoreOptionsErrorType,
  StoreSchemaError,
  type StoreSchemaErrorType,
} from './errors.js';
export type { SqlDriver, SqlExecutor, SqlQueryable } from './executor.js';
export { MIGRATIONS, type Migration, SCHEMA_VERSION } from './migrations.js';
export { DEFAULT_DATA_DIR, IN_MEMORY, type OpenStoreOptions, openStore } from './open.js';
export type { Checkpoint, CommitBatch, Json, MonitorStore, StoredEvent } from './types.js';
