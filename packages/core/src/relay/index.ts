// The chain toolkit and the message model, re-exported where the relayer's users first found them.
export {
  backoffDelay,
  createNetworkClients,
  type DecodedRevert,
  decodeRevert,
  isTransientError,
  type NetworkClient,
  networkRpcUrl,
  type ReadClient,
  type RetryOptions,
  type SignerClient,
  withNonceManager,
  withRetry,
} from '../chain/index.js';
export {
  type GuardianSet,
  type GuardianSetCache,
  guardianSetCache,
  type ReadGuardianSetParameters,
  type ReadGuardianSetsParameters,
  type ReadGuardianSetsReturnType,
  readGuardianSet,
  readGuardianSets,
} from '../guardian/guardian-set.js';
export {
  type IndexedGuardianSignature,
  type RejectedAttestationReason,
  type SelectSignaturesReturnType,
  selectSignatures,
} from '../guardian/select-signatures.js';
export {
  type DispatchedMessage,
  MESSAGE_STATUSES,
  type MessageStatus,
  type ReceiverMessageState,
  readMessageState,
  type SkipReason,
} from '../message/index.js';
export {
  type CreateRelayerParameters,
  createRelayer,
  type Relayer,
  type RelayerAdapterChoice,
  type RelayerAddresses,
  type RelayerEvent,
  type RelayRoundResult,
} from './create-relayer.js';
export {
  type HttpAttestationSourceOptions,
  httpAttestationSource,
  type LocalAttestationSourceParameters,
  localAttestationSource,
} from './guardian/attestation-source.js';
export type {
  AttestationRequest,
  AttestationSource,
  GuardianAttestation,
  GuardianDiagnosis,
} from './guardian/attestation-types.js';
export {
  type DeliverMessageErrorType,
  type DeliverMessageParameters,
  type DeliverMessageReturnType,
  deliverMessage,
} from './guardian/deliver-message.js';
export { type GuardianDeliveryDetail, guardianRelayAdapter } from './guardian/guardian-relay-adapter.js';
export type { RelayAdapter, RelayAdapterDeliverParameters, RelayDelivery } from './relay-adapter.js';
export {
  type ScanDispatchedErrorType,
  type ScanDispatchedParameters,
  type ScanDispatchedReturnType,
  scanDispatched,
} from './scan-dispatched.js';
