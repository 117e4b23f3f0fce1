export {
  type BroadcastBundleParameters,
  type BroadcastBundleReturnType,
  broadcastBundle,
  type ChainBroadcast,
} from './broadcast.js';
export {
  BUNDLE_VERSION,
  type Bundle,
  type BundledTransaction,
  bundledTransactionSchema,
  bundleSchema,
  TRANSACTION_KINDS,
  type TransactionKind,
} from './bundle.js';
export { BUNDLE_FILE_MODE, readBundle, type WriteBundleParameters, writeBundle } from './bundle-file.js';
export type { PresignChains } from './chain-access.js';
export { type AssembleParameters, assembleBundle, signatureRequests, signBundle } from './create.js';
export { type DecodedCall, type DecodedTransaction, decodeCall, decodeTransaction } from './decode.js';
export { DEFAULT_SCRYPT, type ScryptParameters } from './envelope.js';
export { PresignError, type PresignErrorReason, type PresignErrorType } from './errors.js';
export { type NonceState, nonceState } from './nonce.js';
export {
  type PlanTransaction,
  type PresignPlan,
  type PresignPlanInput,
  planCall,
  presignPlanSchema,
  uupsUpgradeAbi,
} from './plan.js';
export {
  DEFAULT_FEE_MULTIPLIER,
  DEFAULT_GAS_BUFFER_PERCENT,
  type PreparedTransaction,
  type PrepareTransactionsParameters,
  prepareTransactions,
} from './prepare.js';
export type { Simulation } from './simulate.js';
export {
  type ChainVerification,
  type VerifyBundleParameters,
  type VerifyBundleReturnType,
  verifyBundle,
} from './verify.js';
