export { reconcileAlerts } from './book.js';
export {
  describeEmergencyPause,
  type PauseBasis,
  type WriteEmergencyPauseParameters,
  type WriteEmergencyPauseReturnType,
  writeEmergencyPause,
} from './emergency-pause.js';
export { type EvaluateMonitorsParameters, evaluateMonitors, monitorCovers, monitorNetworks } from './evaluate.js';
export { alertKey, SEVERITY } from './kinds.js';
export {
  activationGraceOf,
  DEFAULT_REMOTE_BLOCK_SECONDS,
  DEFAULT_REMOTE_HALT_SECONDS,
  haltSecondsOf,
  RULES,
  type Rule,
  type RuleContext,
} from './rules/index.js';
export { type Alerting, type StartAlertingParameters, startAlerting } from './start-alerting.js';
