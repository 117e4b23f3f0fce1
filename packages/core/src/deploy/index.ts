export { type AdapterAddressErrorType, adapterAddress } from './adapter-address.js';
export {
  type CheckDeploymentErrorType,
  type CheckDeploymentParameters,
  type CheckDeploymentReturnType,
  checkDeployment,
  type DeploymentCheckNetwork,
} from './check-deployment.js';
export {
  type DeployAllErrorType,
  type DeployAllParameters,
  type DeployAllReturnType,
  deployAll,
} from './deploy-all.js';
export {
  type DeployLockstepDirectErrorType,
  type DeployLockstepDirectParameters,
  type DeployLockstepDirectReturnType,
  deployLockstepDirect,
} from './deploy-direct.js';
export {
  type DeployerKey,
  type DeployLockstepErrorType,
  type DeployLockstepParameters,
  type DeployLockstepReturnType,
  type DeployProgress,
  deployLockstep,
} from './deploy-lockstep.js';
export { type Deployment, type DeploymentAddresses, deploymentPath } from './deployment.js';
export {
  DEPLOY_SCRIPT,
  DEPLOYER_KEY_ENV,
  type ForgeDeployCommandParameters,
  type ForgeDeployCommandReturnType,
  forgeDeployCommand,
} from './forge-command.js';
export {
  type ReadDeploymentErrorType,
  type ReadDeploymentParameters,
  type ReadDeploymentReturnType,
  readDeployment,
} from './read-deployment.js';
export { redactOutput } from './redact-output.js';
export {
  type ResolveDeployerKeyErrorType,
  type ResolveDeployerKeyReturnType,
  resolveDeployerKey,
} from './resolve-deployer-key.js';
export {
  type ExampleVaultImplementation,
  type ScriptConfig,
  type ToScriptConfigOptions,
  toScriptConfig,
} from './script-config.js';
