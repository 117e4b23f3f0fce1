/**
 * Drills run with `--keep` leave their anvils running after the drill's process exits (detached,
 * each in its own process group) and record them in `<cwd>/.lockstep/drill-kept.json`, so a
 * script can read their RPC URLs and stop them all with one command (`lockstep-drill down` or
 * `lockstep devnet down`).
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { isAnvilAlive } from './process.js';
import { anvilProcessShape, DEVNET_DIR, readJsonStateFile, writeJsonStateFile } from './state-file.js';
import { type StoppedChain, stopChains } from './stop-devnet.js';

/** One kept chain: its anvil's process and RPC URL. */
export type KeptDrillChain = {
  name: string;
  chainId: number;
  pid: number;
  port: number;
  rpcUrl: string;
  /** Absolute path of the file the anvil's output goes to. */
  logFile: string;
};

/** One kept drill, as recorded in the state file. */
export type KeptDrill = {
  scenario: string;
  runId: string;
  /** Absolute path of the drill's report folder, when it was written. */
  reportDir: string | null;
  /** ISO 8601 time the drill finished and left its chains running. */
  keptAt: string;
  chains: KeptDrillChain[];
};

const chainSchema = z.object({
  ...anvilProcessShape,
  logFile: z.string(),
});
const drillSchema = z.object({
  scenario: z.string(),
  runId: z.string(),
  reportDir: z.string().nullable(),
  keptAt: z.string(),
  chains: z.array(chainSchema),
});
const fileSchema = z.object({ version: z.literal(1), drills: z.array(drillSchema) });

/** `<cwd>/.lockstep/drill-kept.json`, absolute. */
export function keptDrillsFile(cwd: string = process.cwd()): string {
  return resolve(cwd, DEVNET_DIR, 'drill-kept.json');
}

export type KeptDrillsParameters = {
  /** The folder whose `.lockstep/drill-kept.json` records the kept drills. Default: `process.cwd()`. */
  cwd?: string;
};

/** The kept drills recorded in the state file (none when there is no file). Throws `DevnetStateFileError` when it is malformed. */
export async function readKeptDrills(parameters: KeptDrillsParameters = {}): Promise<KeptDrill[]> {
  return (await readJsonStateFile(keptDrillsFile(parameters.cwd), fileSchema))?.drills ?? [];
}

/**
 * Adds a kept drill to the state file (written atomically), dropping recorded drills none of whose
 * anvils still run. Returns the file.
 */
export async function recordKeptDrill(drill: KeptDrill, parameters: KeptDrillsParameters = {}): Promise<string> {
  const file = keptDrillsFile(parameters.cwd);
  const live = (await readKeptDrills(parameters)).filter((d) => d.chains.some((c) => isAnvilAlive(c.pid)));
  await writeJsonStateFile(file, { version: 1, drills: [...live, drill] });
  return file;
}

export type StopKeptDrillsReturnType = {
  /** The state file that was removed (or would have been). */
  file: string;
  /** Every kept chain and how it ended; empty when no drill was kept. */
  chains: (StoppedChain & { scenario: string; runId: string })[];
};

/**
 * Stops every kept drill's anvils (SIGTERM to each process group, SIGKILL after the grace period;
 * a pid that is no longer an anvil is never signalled) and removes the state file. Idempotent.
 *
 * @example
 * const { chains } = await stopKeptDrills({ cwd })
 */
export async function stopKeptDrills(parameters: KeptDrillsParameters = {}): Promise<StopKeptDrillsReturnType> {
  const file = keptDrillsFile(parameters.cwd);
  const drills = await readKeptDrills(parameters);
  const chains: StopKeptDrillsReturnType['chains'] = [];
  for (const drill of drills) {
    const stopped = await stopChains(drill.chains);
    chains.push(...stopped.map((chain) => ({ ...chain, scenario: drill.scenario, runId: drill.runId })));
  }
  await rm(file, { force: true });
  return { file, chains };
}
