export { ReporterNotAllowedError, type ReporterNotAllowedErrorType } from './ack.js';
export { LockstepError, type LockstepErrorParameters, type LockstepErrorType } from './base.js';
export {
  CanaryNotDeliveredError,
  type CanaryNotDeliveredErrorType,
  CanaryTooSoonError,
  type CanaryTooSoonErrorType,
} from './canary.js';
export {
  ContractRevertError,
  type ContractRevertErrorParameters,
  type ContractRevertErrorType,
  TransientRetriesExhaustedError,
  type TransientRetriesExhaustedErrorType,
} from './chain.js';
export {
  ConfigError,
  type ConfigErrorParameters,
  type ConfigErrorType,
  type ConfigIssue,
  ConfigNotFoundError,
  type ConfigNotFoundErrorType,
  formatConfigIssue,
} from './config.js';
export {
  CouncilError,
  type CouncilErrorReason,
  type CouncilErrorType,
  CouncilRevertError,
  type CouncilRevertErrorType,
  StaleUpgradeError,
  type StaleUpgradeErrorType,
  type StaleUpgradeReason,
} from './council.js';
export {
  AdapterNotDeployedError,
  type AdapterNotDeployedErrorType,
  DeployError,
  type DeployErrorParameters,
  type DeployErrorReason,
  type DeployErrorType,
  DeploymentCheckError,
  type DeploymentCheckErrorType,
} from './deploy.js';
export {
  DevnetAlreadyRunningError,
  type DevnetAlreadyRunningErrorType,
  DevnetStartError,
  type DevnetStartErrorType,
  DevnetStateFileError,
  type DevnetStateFileErrorType,
  DevnetStopError,
  type DevnetStopErrorType,
} from './devnet.js';
export {
  FallbackError,
  type FallbackErrorReason,
  type FallbackErrorType,
  FallbackRevertError,
  type FallbackRevertErrorType,
} from './fallback.js';
export {
  GuardianNodeError,
  type GuardianNodeErrorType,
  GuardianRefusalError,
  type GuardianRefusalErrorType,
  type GuardianRefusalReason,
  GuardianRotationError,
  type GuardianRotationErrorReason,
  type GuardianRotationErrorType,
  GuardianStoreError,
  type GuardianStoreErrorType,
} from './guardian.js';
export { KeyError, type KeyErrorReason, type KeyErrorType } from './key.js';
export { ProposalError, type ProposalErrorReason, type ProposalErrorType } from './proposal.js';
export {
  AttestationSourceError,
  type AttestationSourceErrorType,
  type QuorumGuardianState,
  QuorumNotMetError,
  type QuorumNotMetErrorType,
  type TriedGuardianSet,
} from './relay.js';
export {
  RootError,
  type RootErrorReason,
  type RootErrorType,
  type RootFunctionName,
  RootRevertError,
  type RootRevertErrorType,
} from './roots.js';
export {
  ChainIdMismatchError,
  type ChainIdMismatchErrorType,
  RpcEndpointsDownError,
  type RpcEndpointsDownErrorType,
  RpcError,
  type RpcErrorType,
} from './rpc.js';
export { SafeError, type SafeErrorReason, type SafeErrorType } from './safe.js';
