export {
  type AdvanceAllReturnType,
  type AdvanceDevnetReturnType,
  type AdvanceTimeErrorType,
  type AdvanceTimeReturnType,
  advanceAll,
  advanceDevnet,
  advanceTime,
} from './advance-time.js';
export { type FindFreePortRangeParameters, findFreePortRange } from './find-free-ports.js';
export {
  type DevnetChainStatus,
  type GetDevnetStatusErrorType,
  type GetDevnetStatusParameters,
  type GetDevnetStatusReturnType,
  getDevnetStatus,
} from './get-devnet-status.js';
export {
  type KeptDrill,
  type KeptDrillChain,
  type KeptDrillsParameters,
  keptDrillsFile,
  readKeptDrills,
  recordKeptDrill,
  type StopKeptDrillsReturnType,
  stopKeptDrills,
} from './kept-drills.js';
export { isAnvilAlive } from './process.js';
export {
  type ReadDevnetErrorType,
  type ReadDevnetParameters,
  type ReadDevnetReturnType,
  readDevnet,
} from './read-devnet.js';
export {
  DEFAULT_BASE_PORT,
  type DevnetProgressEvent,
  type StartDevnetErrorType,
  type StartDevnetParameters,
  type StartDevnetReturnType,
  startDevnet,
} from './start-devnet.js';
export { DEVNET_DIR, type Devnet, type DevnetChain, devnetStateFile } from './state-file.js';
export {
  STOP_GRACE_MS,
  type StopDevnetErrorType,
  type StopDevnetParameters,
  type StopDevnetReturnType,
  type StoppedChain,
  stopDevnet,
} from './stop-devnet.js';
