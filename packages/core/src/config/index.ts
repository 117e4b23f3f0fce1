export { redactUrl } from '../utils/redact-url.js';
export {
  type CheckedNetwork,
  type CheckNetworksErrorType,
  type CheckNetworksParameters,
  type CheckNetworksReturnType,
  checkNetworks,
} from './check-networks.js';
export { DEFAULT_MNEMONIC_ENV, defaultConfig, defaultConfigInput, isLocalConfig, TEST_MNEMONIC } from './defaults.js';
export { defineConfig } from './define-config.js';
export {
  CONFIG_FILE_NAMES,
  findConfigFile,
  type LoadConfigErrorType,
  type LoadConfigParameters,
  type LoadConfigReturnType,
  loadConfig,
} from './load-config.js';
export {
  defaultMonitorSettings,
  type EmergencyPauseSettings,
  MONITOR_ALERT_KINDS,
  type MonitorAlertKind,
  type MonitorEntry,
  type MonitorSettings,
  type MonitorThresholds,
  monitorSettings,
  PAUSABLE_ALERT_KINDS,
  type TriggerSettings,
} from './monitor.js';
export {
  type ParseConfigErrorType,
  type ParseConfigParameters,
  type ParseConfigReturnType,
  parseConfig,
} from './parse-config.js';
export {
  councilEmergencyIssue,
  councilEmergencyRange,
  councilThresholdIssue,
  councilThresholdRange,
  majorityIssue,
  majorityRange,
  minMajority,
  type QuorumIssue,
  type Range,
} from './quorum.js';
export {
  decryptConfigKeystore,
  type Env,
  type ResolveKeyErrorType,
  type ResolveKeyOptions,
  type ResolveKeyReturnType,
  resolveKey,
} from './resolve-key.js';
export {
  cohortTermOffsets,
  effectiveCohorts,
  effectiveFallbackDelay,
  type KeyRole,
  type KeySource,
  type KeySourceInput,
  type LockstepConfig,
  type LockstepConfigInput,
  lockstepConfigSchema,
  MAX_COUNCIL_MEMBERS,
  MAX_GUARDIANS,
  MAX_NETWORKS,
  MAX_SET_EXPIRY_WINDOW,
  MIN_COUNCIL_MEMBERS,
  type NetworkConfig,
  type NetworkRole,
  RECEIVER_ADAPTERS,
  type ReceiverAdapter,
  type RpcSource,
  seatsEndingTogether,
  TERM_STAGGER_SECONDS,
} from './schema.js';
export { testMnemonicRoot } from './test-mnemonic.js';
