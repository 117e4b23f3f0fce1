/**
 * Detectors: what a production monitor watches on the chains, as pure logic over observations plus
 * thin readers. The drill raises its alerts through these, so `lockstep monitor` runs the same code.
 */

export {
  type BlockProductionDetection,
  BlockProductionDetector,
  type BlockProductionDetectorParameters,
  type DetectHaltParameters,
  detectHalt,
  type HeadObservation,
  readHead,
} from './block-production.js';
export {
  type DeliveryObservation,
  type DetectUnacknowledgedParameters,
  detectUnacknowledged,
} from './deliveries.js';
export {
  type DeliverAttempt,
  type EquivocationDetection,
  EquivocationDetector,
  readDeliverAttempts,
  type SignatureObservation,
  signatureObservations,
} from './equivocation.js';
export {
  type DetectImplementationDriftParameters,
  detectImplementationDrift,
  ERC1967_IMPLEMENTATION_SLOT,
  type ImplementationDifference,
  type ImplementationObservation,
  readImplementation,
} from './implementation.js';
export {
  type BalanceObservation,
  type OutflowDetection,
  OutflowDetector,
  type OutflowDetectorParameters,
  readBalance,
} from './outflow.js';
export type { Detection } from './types.js';
