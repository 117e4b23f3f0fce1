/**
 * Lockstep's typed contract client: ABIs (`as const`, so viem infers every call) and creation bytecode,
 * generated from the forge artifacts by `pnpm --filter @lockstep/client generate` (see wagmi.config.ts).
 * Other packages reach the contracts only through these names.
 */
export {
  councilFallbackAdapterAbi,
  councilFallbackAdapterBytecode,
  deploymentRegistryAbi,
  deploymentRegistryBytecode,
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  governanceHubAbi,
  governanceHubBytecode,
  guardianAdapterAbi,
  guardianAdapterBytecode,
  lockstepContracts,
  lockstepFactoryAbi,
  lockstepFactoryBytecode,
  ownableAbi,
  proxyAdminAbi,
  proxyAdminBytecode,
  securityCouncilAbi,
  securityCouncilBytecode,
  timelockControllerAbi,
  timelockControllerBytecode,
  transparentUpgradeableProxyAbi,
  transparentUpgradeableProxyBytecode,
  upgradeReceiverAbi,
  upgradeReceiverBytecode,
  vaultV1Abi,
  vaultV1Bytecode,
  vaultV2Abi,
  vaultV2Bytecode,
  vaultV3FaultyAbi,
  vaultV3FaultyBytecode,
  vaultV3MaliciousAbi,
  vaultV3MaliciousBytecode,
} from './generated/contracts.js';

import type { lockstepContracts } from './generated/contracts.js';

/** A contract the client knows, e.g. `'UpgradeReceiver'`. */
export type LockstepContractName = keyof typeof lockstepContracts;
