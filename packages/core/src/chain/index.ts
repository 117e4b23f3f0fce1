export {
  createNetworkClients,
  type NetworkClient,
  networkRpcUrl,
  pollingIntervalOf,
  withNonceManager,
} from './clients.js';
export { type DecodedRevert, decodeRevert, decodeRevertData, findRevert } from './decode-revert.js';
export { collectErrors, lockstepErrorsAbi } from './error-abi.js';
export { backoffDelay, isTransientError, type RetryOptions, sleep, withRetry } from './retry.js';
export { receiptOf, type SendAndWaitParameters, sendAndWait, waitForReceipt } from './send-and-wait.js';
export type { ReadClient, SignerClient } from './types.js';
