// What an applied pause or unpause did to each target (message/: read from any delivery's receipt).
export * from '../message/emergency-outcomes.js';
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
