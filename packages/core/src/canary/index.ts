export {
  type CanaryDelivery,
  type ReadCanaryDeliveriesParameters,
  readCanaryDeliveries,
  type WaitForCanaryErrorType,
  type WaitForCanaryParameters,
  waitForCanary,
} from './canary-deliveries.js';
export {
  type CanaryMessage,
  type SendCanaryErrorType,
  type SendCanaryParameters,
  type SendCanaryReturnType,
  sendCanary,
} from './send-canary.js';
