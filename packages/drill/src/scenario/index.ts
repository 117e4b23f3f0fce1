export {
  isScenarioName,
  type LoadScenarioErrorType,
  type LoadScenarioOptions,
  type LoadScenarioReturnType,
  listScenarios,
  loadScenario,
  SCENARIOS_DIR,
} from './load-scenario.js';
export { type ParseScenarioErrorType, type ParseScenarioReturnType, parseScenario } from './parse-scenario.js';
export {
  formatScenarioIssue,
  SCENARIO_FORMAT_DOC,
  ScenarioError,
  type ScenarioErrorParameters,
  type ScenarioErrorType,
  type ScenarioIssue,
} from './scenario-error.js';
export {
  DEFAULT_ATTACKER_DEPOSIT_WEI,
  DEFAULT_HUB_FINALITY_DEPTH,
  DEFAULT_SEED,
  DEFAULT_TIMELOCK_DELAY_SECONDS,
  FAULT_KINDS,
  MAX_SCENARIO_CHAINS,
  MAX_SCENARIO_COUNCIL,
  MAX_SCENARIO_GUARDIANS,
  referencedChains,
  type ScenarioInput,
  scenarioSchema,
  selectChains,
} from './schema.js';
export {
  GENERATED_BLOCK_TIMES,
  GENERATED_CHAIN_ID_BASE,
  minimumChainCount,
  type WithChainCountErrorType,
  withChainCount,
} from './with-chain-count.js';
