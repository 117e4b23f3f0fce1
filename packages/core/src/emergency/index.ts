export {
  EMERGENCY_OUTCOMES,
  EMERGENCY_PROBLEMS,
  type EmergencyDelivery,
  type EmergencyOutcome,
  type EmergencyTargetResult,
  emergencyOutcomesFromLogs,
} from './emergency-outcomes.js';
export {
  type ExecuteEmergencyErrorType,
  type ExecuteEmergencyParameters,
  type ExecuteEmergencyReturnType,
  executeEmergency,
} from './execute-emergency.js';
export {
  type GetPausedStatesErrorType,
  type GetPausedStatesParameters,
  type GetPausedStatesReturnType,
  getPausedStates,
} from './get-paused-states.js';
export {
  type EmergencyTarget,
  type ProposeEmergencyErrorType,
  type ProposeEmergencyParameters,
  type ProposeEmergencyReturnType,
  proposeEmergency,
} from './propose-emergency.js';
