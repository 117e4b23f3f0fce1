export {
  type HttpAttestationSourceOptions,
  httpAttestationSource,
  type LocalAttestationSourceParameters,
  localAttestationSource,
} from './attestation-source.js';
export { createNetworkClients, type NetworkClient, networkRpcUrl, withNonceManager } from './clients.js';
export {
  type CreateRelayerParameters,
  createRelayer,
  type Relayer,
  type RelayerAddresses,
  type RelayerEvent,
  type RelayRoundResult,
} from './create-relayer.js';
export { type DecodedRevert, decodeRevert } from './decode-revert.js';
export {
  type DeliverMessageErrorType,
  type DeliverMessageParameters,
  type DeliverMessageReturnType,
  deliverMessage,
  type SkipReason,
} from './deliver-message.js';
export {
  type GuardianSet,
  type GuardianSetCache,
  guardianSetCache,
  type ReadGuardianSetParameters,
  type ReadGuardianSetsParameters,
  type ReadGuardianSetsReturnType,
  readGuardianSet,
  readGuardianSets,
} from './guardian-set.js';
export { backoffDelay, isTransientError, type RetryOptions, withRetry } from './retry.js';
export {
  type ScanDispatchedErrorType,
  type ScanDispatchedParameters,
  type ScanDispatchedReturnType,
  scanDispatched,
} from './scan-dispatched.js';
export {
  type IndexedGuardianSignature,
  type RejectedAttestationReason,
  type SelectSignaturesReturnType,
  selectSignatures,
} from './select-signatures.js';
export { MESSAGE_STATUSES, type MessageStatus, type ReceiverMessageState, readMessageState } from './status.js';
export type {
  AttestationSource,
  GuardianAttestation,
  GuardianDiagnosis,
  OutboxMessage,
  ReadClient,
  SignerClient,
} from './types.js';
