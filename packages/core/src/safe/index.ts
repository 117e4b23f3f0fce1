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
  encodeSafeSignatures,
  type SafeSignatureEntry,
  type SafeSignatureKind,
} from './encoding.js';
export {
  type ImportSafeApprovalParameters,
  type ImportSafeApprovalReturnType,
  importSafeApproval,
} from './import-approval.js';
export {
  type SafeMessageTypedData,
  safeDomainType,
  safeMessageData,
  safeMessageHash,
  safeMessageTypedData,
  safeMessageTypes,
} from './message.js';
export { LEGACY_EIP1271_MAGIC_VALUE } from './safe-abi.js';
export {
  type AssembleSafeSignatureParameters,
  type AssembleSafeSignatureReturnType,
  assembleSafeSignature,
  type SafeContractSignature,
  type SafeOwnerSignature,
} from './signatures.js';
