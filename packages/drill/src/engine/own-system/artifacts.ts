/**
 * A forge artifact by its id (`contracts/Pool.sol:PoolV1`) from a Foundry project's `out/`: its
 * ABI and creation bytecode. Forge writes `out/<File>.sol/<Contract>.json` (nested deeper when two
 * sources share a file name); the artifact's compilation target must be the id's source path.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { closeNames } from '@lockstep/core/document';
import type { Abi, Hex } from 'viem';
import { OwnSystemError } from './own-system-error.js';

export type ForgeArtifact = { id: string; abi: Abi; bytecode: Hex };

type ArtifactFile = {
  abi?: Abi;
  bytecode?: { object?: string; linkReferences?: Record<string, unknown> };
  metadata?: { settings?: { compilationTarget?: Record<string, string> } };
};

/** Reads artifact `id` from `<project>/out/`; throws `OwnSystemError` naming the fix when it is not there. */
export async function readForgeArtifact(project: string, id: string, field: string): Promise<ForgeArtifact> {
  const out = resolve(project, 'out');
  const [source = '', contract = ''] = id.split(':');
  const files = await listArtifacts(out).catch(() => {
    throw new OwnSystemError(
      `${field}: ${out} does not exist — run forge build in ${resolve(project)}, or set system.project to your Foundry project`,
    );
  });
  const candidates = files.filter((file) => file.endsWith(`/${contract}.json`));
  for (const file of candidates) {
    const artifact = JSON.parse(await readFile(file, 'utf8')) as ArtifactFile;
    const target = artifact.metadata?.settings?.compilationTarget ?? {};
    if (target[source] !== contract) continue;
    const bytecode = artifact.bytecode?.object;
    if (!artifact.abi || !bytecode || bytecode === '0x')
      throw new OwnSystemError(
        `${field}: ${id} has no creation bytecode (an interface or abstract contract?) — name a deployable contract`,
      );
    if (Object.keys(artifact.bytecode?.linkReferences ?? {}).length > 0)
      throw new OwnSystemError(
        `${field}: ${id} needs linked libraries, which a drill cannot deploy — inline them (internal functions)`,
      );
    return { id, abi: artifact.abi, bytecode: bytecode as Hex };
  }
  const names = [...new Set(files.map((file) => basename(file, '.json')))];
  const close = await exactIds(files, closeNames(contract, names));
  const hint = close.length
    ? `did you mean ${close.map((name) => `"${name}"`).join(' or ')}? (or run forge build if ${id} is new)`
    : `run forge build in ${resolve(project)} (or check system.project)`;
  throw new OwnSystemError(`${field}: no artifact ${id} in ${out} — ${hint}`);
}

async function listArtifacts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.parentPath.includes('build-info'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The full ids (`source:Contract`) of the artifacts named `names`, from their compilation targets. */
async function exactIds(files: readonly string[], names: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    for (const file of files.filter((f) => basename(f, '.json') === name)) {
      const target = (JSON.parse(await readFile(file, 'utf8')) as ArtifactFile).metadata?.settings?.compilationTarget;
      for (const [source, contract] of Object.entries(target ?? {})) ids.push(`${source}:${contract}`);
    }
  }
  return ids;
}
