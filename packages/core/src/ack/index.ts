export {
  type ChainsReached,
  type DeliveryStatusMessage,
  type GetDeliveryStatusErrorType,
  type GetDeliveryStatusParameters,
  type GetDeliveryStatusReturnType,
  getDeliveryStatus,
} from './get-delivery-status.js';
export {
  HUB_DELIVERY_STATES,
  type HubDeliveryState,
  type HubMessageState,
  hubStateFor,
  hubStateIndex,
  readHubMessageState,
} from './hub-state.js';
export {
  type DeliveryReport,
  type ReportDeliveriesErrorType,
  type ReportDeliveriesParameters,
  type ReportDeliveriesReturnType,
  reportDeliveries,
} from './report-deliveries.js';
