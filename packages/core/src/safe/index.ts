export {
  type ApprovalBatchParameters,
  approvalBatch,
  type BatchContractMethod,
  type BatchTransaction,
  batchChecksum,
  type SafeBatchFile,
  serializeForChecksum,
  TX_BUILDER_VERSION,
} from './batch.js';
export {
  type ImportSafeApprovalParameters,
  type ImportSafeApprovalReturnType,
  importSafeApproval,
} from './import-approval.js';
export {
  type SafeMessageTypedData,
  safeDomainType,
  safeMessageHash,
  safeMessageTypedData,
  safeMessageTypes,
} from './message.js';
export { safeViewsAbi } from './safe-abi.js';
export {
  type AssembleSafeSignatureParameters,
  type AssembleSafeSignatureReturnType,
  assembleSafeSignature,
  type SafeOwnerSignature,
} from './signatures.js';
