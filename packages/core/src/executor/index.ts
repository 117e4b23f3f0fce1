export {
  type ExecuteReadyErrorType,
  type ExecuteReadyParameters,
  type ExecuteReadyReturnType,
  type ExecutionReport,
  type ExecutionTarget,
  executeReady,
} from './execute-ready.js';
export {
  ACKNOWLEDGE_EXTRA_ROUNDS,
  type ExecuteUntilDoneParameters,
  type ExecuteUntilDoneReturnType,
  executeUntilDone,
  isFinalReport,
} from './execute-until-done.js';
