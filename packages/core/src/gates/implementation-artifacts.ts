/**
 * The Foundry project's compiled artifacts, as the storage-layout and implementation gates need
 * them: an artifact by its forge id (`path/File.sol:Contract`), which build (build info) compiled
 * it, and which artifacts carry the runtime code an address runs on chain.
 *
 * Read from forge's own files: `cache/solidity-files-cache.json` maps every source to its
 * artifacts and their build ids; `out/<File>.sol/<Contract>.json` holds the runtime code.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { LockstepError } from '../errors/base.js';

/** One compiled contract of the project. */
export type ForgeArtifact = {
  /** `path/File.sol:Contract`, as forge names it (and a proposal's `artifacts` fields do). */
  id: string;
  sourceName: string;
  contractName: string;
  /** The artifact file, absolute. */
  path: string;
  /** The build that compiled it: `out/build-info/<buildId>.json`. */
  buildId: string;
};

type CacheFile = {
  files?: Record<
    string,
    { artifacts?: Record<string, Record<string, Record<string, { path: string; build_id: string }>>> }
  >;
};

type ImmutableReferences = Record<string, readonly { start: number; length: number }[]>;

/** A problem with the project's build that a person fixes (the message names how). */
export class ForgeProjectError extends LockstepError {
  override name = 'ForgeProjectError' as const;
}

const memo = new Map<string, { mtimeMs: number; value: unknown }>();

/** Reads and parses a JSON file once per modification (gates run several times per command). */
export async function readJsonCached<T>(path: string): Promise<T> {
  const { mtimeMs } = await stat(path);
  const hit = memo.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.value as T;
  const value = JSON.parse(await readFile(path, 'utf8')) as T;
  memo.set(path, { mtimeMs, value });
  return value;
}

/** Every artifact forge's cache lists (default profile), in the cache's order. */
export async function listArtifacts(projectRoot: string): Promise<ForgeArtifact[]> {
  const cachePath = join(projectRoot, 'cache', 'solidity-files-cache.json');
  let cache: CacheFile;
  try {
    cache = await readJsonCached<CacheFile>(cachePath);
  } catch (error) {
    throw new ForgeProjectError(
      `cannot read forge's cache ${cachePath} (${(error as Error).message}): run \`forge build\` in ${projectRoot}`,
    );
  }
  const artifacts: ForgeArtifact[] = [];
  for (const [sourceName, file] of Object.entries(cache.files ?? {})) {
    for (const [contractName, versions] of Object.entries(file.artifacts ?? {})) {
      const entry = Object.values(versions).flatMap((profiles) => Object.values(profiles))[0];
      if (!entry) continue;
      artifacts.push({
        id: `${sourceName}:${contractName}`,
        sourceName,
        contractName,
        path: join(projectRoot, 'out', entry.path),
        buildId: entry.build_id,
      });
    }
  }
  return artifacts;
}

/** The artifact forge calls `id`; a `ForgeProjectError` naming the fix when there is none. */
export async function findArtifact(projectRoot: string, id: string): Promise<ForgeArtifact> {
  const artifacts = await listArtifacts(projectRoot);
  const found = artifacts.find((a) => a.id === id);
  if (found) return found;
  const sameName = artifacts.filter((a) => a.contractName === id.split(':').pop()).map((a) => a.id);
  throw new ForgeProjectError(
    `no compiled artifact "${id}"${sameName.length ? ` (did you mean ${sameName.join(', ')}?)` : ''}: ` +
      'name it as forge does ("path/File.sol:Contract") and run `forge build`',
  );
}

/**
 * Runtime code in the form two builds of the same source share: the trailing CBOR metadata
 * (compiler version, source hash) cut off and every immutable's bytes zeroed.
 */
export function comparableCode(code: Hex, immutables: readonly { start: number; length: number }[]): string {
  let hex = code.slice(2).toLowerCase();
  for (const { start, length } of immutables) {
    hex = hex.slice(0, start * 2) + '00'.repeat(length) + hex.slice((start + length) * 2);
  }
  return hex.slice(0, codeEnd(hex) * 2);
}

/** Where the code ends and solc's CBOR metadata (its length in the last two bytes) begins. */
export function codeEnd(hex: string): number {
  const bytes = hex.length / 2;
  if (bytes < 2) return bytes;
  const metadataLength = Number.parseInt(hex.slice(-4), 16);
  const start = bytes - 2 - metadataLength;
  const first = Number.parseInt(hex.slice(start * 2, start * 2 + 2), 16);
  // A CBOR map of one to five entries (0xa1..0xa5) is what solc appends.
  return start > 0 && first >= 0xa1 && first <= 0xa5 ? start : bytes;
}

/** Forge tests and scripts: never an implementation on chain, and most of the contracts. */
const NEVER_DEPLOYED = /\.(t|s)\.sol$/;

/** forge's build info `buildId` (`out/build-info/<id>.json`), parsed once per modification. */
export async function readBuildInfo<T>(projectRoot: string, buildId: string): Promise<T> {
  const path = join(projectRoot, 'out', 'build-info', `${buildId}.json`);
  return readJsonCached<T>(path).catch((error: Error) => {
    throw new ForgeProjectError(`cannot read ${path} (${error.message}): run \`forge build\``);
  });
}

/** The full build info's compiled runtime code, by source and contract. */
type BuildOutput = {
  output?: {
    contracts?: Record<
      string,
      Record<string, { evm?: { deployedBytecode?: { object?: string; immutableReferences?: ImmutableReferences } } }>
    >;
  };
};

/**
 * The artifacts whose runtime code is `code` (metadata and immutables aside), best first. Read from
 * the build info (which the gates' validation parses anyway), not from every artifact file.
 */
export async function matchArtifactsByCode(projectRoot: string, code: Hex): Promise<ForgeArtifact[]> {
  const matches: ForgeArtifact[] = [];
  const target = code.slice(2).toLowerCase();
  for (const artifact of await listArtifacts(projectRoot)) {
    if (NEVER_DEPLOYED.test(artifact.sourceName)) continue;
    const info = await readBuildInfo<BuildOutput>(projectRoot, artifact.buildId);
    const compiled = info.output?.contracts?.[artifact.sourceName]?.[artifact.contractName]?.evm?.deployedBytecode;
    const object = compiled?.object?.replace(/^0x/, '');
    if (!object || object.length !== target.length) continue;
    const immutables = Object.values(compiled?.immutableReferences ?? {}).flat();
    if (comparableCode(`0x${object}`, immutables) === comparableCode(code, immutables)) matches.push(artifact);
  }
  // The project's own contracts before test fixtures with the same code.
  const rank = (a: ForgeArtifact) => (a.sourceName.startsWith('contracts/') ? 0 : 1);
  return matches.sort((a, b) => rank(a) - rank(b));
}
