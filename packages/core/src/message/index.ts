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
export { type DispatchedMessage, decodeDispatchedMessage, type OutboxMessage } from './dispatched.js';
export { decodePayload, type MessagePayload, type PayloadAction } from './payload.js';
export {
  isConsumed,
  MESSAGE_STATUSES,
  type MessageStatus,
  type ReceiverMessageState,
  readMessageState,
  type SkipReason,
} from './receiver-state.js';
