export { chainConsistencyGate, consistencyOutcome } from './chain-consistency.js';
export {
  type ChainConsistencyReport,
  type CheckChainConsistencyParameters,
  type CheckedChain,
  checkChainConsistency,
} from './consistency/check-consistency.js';
export type { ProxyObservation } from './consistency/proxies.js';
export type { ChainState, DriftFinding } from './consistency/types.js';
export { hubGasGate, txGasCapOf } from './hub-gas.js';
export { ETHEREUM_TX_GAS_CAP, estimateHubGas, type HubGasEstimate, TX_GAS_CAP_CHAIN_IDS } from './hub-gas-model.js';
export { PROPOSAL_GATES } from './registry.js';
export { assertGatesPassed, type RunGatesParameters, runGates } from './run-gates.js';
export type { GateContext, GateFinding, GateOutcome, GateRecord, ProposalGate } from './types.js';
