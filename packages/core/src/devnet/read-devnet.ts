import type { DevnetStateFileErrorType } from '../errors/devnet.js';
import { type Devnet, devnetStateFile, readDevnetStateFile } from './state-file.js';

export type ReadDevnetParameters = {
  /** The folder whose `.lockstep/devnet.json` names the devnet. Default: `process.cwd()`. */
  cwd?: string;
};

export type ReadDevnetReturnType = Devnet | undefined;

export type ReadDevnetErrorType = DevnetStateFileErrorType;

/**
 * The devnet recorded in `<cwd>/.lockstep/devnet.json`, or `undefined` when none is. Does not check
 * that its chains are alive (see `getDevnetStatus`).
 *
 * @example
 * const devnet = await readDevnet({ cwd })
 */
export async function readDevnet(parameters: ReadDevnetParameters = {}): Promise<ReadDevnetReturnType> {
  return readDevnetStateFile(devnetStateFile(parameters.cwd));
}
