export { mapWithConcurrency } from './concurrency.js';
export { type ForgeTestCounts, type ForgeTestFailure, parseForgeTestJson } from './forge-json.js';
export { ForkMatrixError, type ForkMatrixErrorType } from './fork-matrix-error.js';
export { formatMatrix } from './format-matrix.js';
export { POST_UPGRADE_TEST, type PostUpgradeEnvParameters, postUpgradeEnv } from './post-upgrade-env.js';
export {
  defaultConcurrency,
  type ForkMatrixChainResult,
  type ForkMatrixProgress,
  type RunForkMatrixErrorType,
  type RunForkMatrixParameters,
  type RunForkMatrixReturnType,
  runForkMatrix,
} from './run-fork-matrix.js';
