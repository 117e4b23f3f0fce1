export {
  type DecodeMessageErrorType,
  decodeMessage,
  encodeMessage,
  type LockstepMessage,
  MESSAGE_VERSION,
  messageId,
  messageStruct,
  messageTypes,
} from './codec.js';
export { type DispatchedMessage, decodeDispatchedMessage, type HubLogFields } from './dispatched.js';
export {
  EMERGENCY_OUTCOMES,
  EMERGENCY_PROBLEMS,
  type EmergencyDelivery,
  type EmergencyOutcome,
  type EmergencyTargetResult,
  emergencyOutcomesFromLogs,
} from './emergency-outcomes.js';
export {
  decodePayload,
  type EmergencyPayload,
  encodeEmergencyPayload,
  type MessagePayload,
  PAYLOAD_KIND,
  type PayloadAction,
  type PayloadKindName,
  payloadKind,
} from './payload.js';
export {
  isConsumed,
  MESSAGE_STATUSES,
  type MessageStatus,
  type ReceiverMessageState,
  readMessageState,
  type SkipReason,
} from './receiver-state.js';
