export {
  type ExecuteReadyErrorType,
  type ExecuteReadyParameters,
  type ExecuteReadyReturnType,
  type ExecutionReport,
  type ExecutionTarget,
  executeReady,
} from './execute-ready.js';
export {
  type ExecuteUntilDoneParameters,
  type ExecuteUntilDoneReturnType,
  executeUntilDone,
  isFinalReport,
} from './execute-until-done.js';
