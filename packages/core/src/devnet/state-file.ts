import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { DevnetStateFileError } from '../errors/devnet.js';

/** The folder (under the working directory) that holds the state file and the logs. */
export const DEVNET_DIR = '.lockstep';

/** One running chain of a devnet, as recorded in the state file. */
export type DevnetChain = {
  name: string;
  chainId: number;
  pid: number;
  port: number;
  rpcUrl: string;
  /** Seconds between blocks, as passed to `--block-time`. */
  blockTime: number;
  /** Absolute path of the file anvil's stdout and stderr go to. */
  logFile: string;
  /** Absolute path of the `--state` file, when the devnet keeps state. */
  stateFile?: string | undefined;
  /** ISO 8601 time the chain answered with its chain id. */
  startedAt: string;
};

/** A running devnet: what `startDevnet` wrote to `.lockstep/devnet.json`. */
export type Devnet = {
  version: 1;
  /** Absolute path of the state file this devnet is recorded in. */
  file: string;
  chains: DevnetChain[];
};

/** What every state file records of one running anvil: its name, chain id, process and endpoint. */
export const anvilProcessShape = {
  name: z.string().min(1),
  chainId: z.number().int().positive(),
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65_535),
  rpcUrl: z.string().min(1),
};

const chainSchema = z.object({
  ...anvilProcessShape,
  blockTime: z.number().positive(),
  logFile: z.string().min(1),
  stateFile: z.string().min(1).optional(),
  startedAt: z.string().min(1),
});

const fileSchema = z.object({ version: z.literal(1), chains: z.array(chainSchema) });

/** `<cwd>/.lockstep/devnet.json`, absolute. */
export function devnetStateFile(cwd: string = process.cwd()): string {
  return resolve(cwd, DEVNET_DIR, 'devnet.json');
}

/**
 * Reads a JSON state file under `.lockstep/` and validates it with `schema`; `undefined` when there
 * is none. Throws `DevnetStateFileError` naming the file and what is wrong with it.
 */
export async function readJsonStateFile<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new DevnetStateFileError({ path: file, problem: 'cannot be read', cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DevnetStateFileError({ path: file, problem: 'is not valid JSON', cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(file)'}: ${issue.message}` : 'unexpected shape';
    throw new DevnetStateFileError({ path: file, problem: `is malformed (${where})` });
  }
  return parsed.data;
}

/** Writes a JSON state file atomically: a temporary file in the same folder, then a rename. */
export async function writeJsonStateFile(file: string, content: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, `${JSON.stringify(content, null, 2)}\n`);
  try {
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Reads the state file; `undefined` when there is none. Throws `DevnetStateFileError` when it is malformed. */
export async function readDevnetStateFile(file: string): Promise<Devnet | undefined> {
  const content = await readJsonStateFile(file, fileSchema);
  return content === undefined ? undefined : { version: 1, file, chains: content.chains };
}

/** Writes the state file atomically: a temporary file in the same folder, then a rename. */
export async function writeDevnetStateFile(devnet: Devnet): Promise<void> {
  const { file, ...content } = devnet;
  await writeJsonStateFile(file, content);
}

/** Removes the state file; no error when it is already gone. */
export async function removeDevnetStateFile(file: string): Promise<void> {
  await rm(file, { force: true });
}
