export {
  batchingRpcHttp,
  createNetworkClients,
  type NetworkClient,
  networkRpcUrl,
  pollingIntervalOf,
  rpcHttp,
  withNonceManager,
} from './clients.js';
export { type DecodedRevert, decodeRevert, decodeRevertData, findRevert } from './decode-revert.js';
export { type ContractSignatureVerdict, checkContractSignature, ERC1271_MAGIC_VALUE } from './erc1271.js';
export { collectErrors, lockstepErrorsAbi } from './error-abi.js';
export {
  isLoopbackHttp,
  type LoopbackRequestObserver,
  loopbackFetch,
  observeLoopbackRequests,
} from './loopback-fetch.js';
export { backoffDelay, isTransientError, type RetryOptions, sleep, withRetry } from './retry.js';
export { receiptOf, type SendAndWaitParameters, sendAndWait, waitForReceipt } from './send-and-wait.js';
export type { ReadClient, SignerClient } from './types.js';
