export { PROPOSAL_GATES } from './registry.js';
export { assertGatesPassed, type RunGatesParameters, runGates } from './run-gates.js';
export type { GateContext, GateFinding, GateOutcome, GateRecord, ProposalGate } from './types.js';
