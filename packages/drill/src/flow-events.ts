/**
 * The flow's milestones: what fault triggers and the timeline refer to. A leaf (it imports
 * nothing), so the fault declarations and the scenario schema can use it without depending on the
 * report types in `types.ts` (which re-exports it).
 */

/** The flow's milestones, in order; triggers and the timeline refer to them. */
export const FLOW_EVENTS = [
  'start',
  'deployed',
  'proposed',
  'approved',
  'scheduled',
  'dispatched',
  'delivered',
  'activation',
  'executed',
  'verified',
] as const;
export type FlowEvent = (typeof FLOW_EVENTS)[number];

/** When a fault (or a phase-relative action) happens. */
export type Trigger = {
  /** The flow event the trigger is relative to. */
  after: FlowEvent;
  /** Virtual seconds after that event. Default 0. */
  delaySeconds: number;
};
