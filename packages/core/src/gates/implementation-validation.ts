/**
 * OpenZeppelin's upgrade-safety validation (`@openzeppelin/upgrades-core`) over forge's build info:
 * a contract's storage layout (inherited and ERC-7201 namespaced variables included) and the unsafe
 * patterns in its source (selfdestruct, delegatecall, missing initializers, ...), as OpenZeppelin's
 * Foundry upgrades plugin checks them.
 *
 * Needs `build_info = true` and `extra_output = ["storageLayout"]` in foundry.toml. Only the sources
 * the contract imports (transitively) are validated, not the whole build: the gates run before every
 * proposal and a build holds every test and script too.
 */
import {
  getContractVersion,
  getErrors,
  getStorageLayout,
  type SolcInput,
  type SolcOutput,
  type StorageLayout,
  solcInputOutputDecoder,
  type ValidationRunData,
  validate,
} from '@openzeppelin/upgrades-core';
import { type ForgeArtifact, ForgeProjectError, readBuildInfo } from './implementation-artifacts.js';

type ValidationError = ReturnType<typeof getErrors>[number];
type BuildInfo = { solcVersion?: string; input?: SolcInput; output?: SolcOutput };

/** What upgrades-core found about one contract. */
export type ContractValidation = {
  /** Its storage layout, parents' variables first. */
  layout: StorageLayout;
  /** Unsafe patterns in it and its parents, after the source's `@custom:oz-upgrades-unsafe-allow` notes. */
  errors: ValidationError[];
};

const runs = new Map<string, ValidationRunData>();

/** Validates `artifact`'s contract (memoized per build and source file). */
export async function validateContract(projectRoot: string, artifact: ForgeArtifact): Promise<ContractValidation> {
  const key = `${artifact.buildId}:${artifact.sourceName}`;
  let runData = runs.get(key);
  if (!runData) {
    runData = await validateSource(projectRoot, artifact);
    runs.set(key, runData);
  }
  const version = getContractVersion(runData, artifact.id);
  return { layout: getStorageLayout(runData, version), errors: getErrors(runData, version, { kind: 'uups' }) };
}

async function validateSource(projectRoot: string, artifact: ForgeArtifact): Promise<ValidationRunData> {
  const { input, output, solcVersion } = await readBuildInfo<BuildInfo>(projectRoot, artifact.buildId);
  if (!input || !output || !solcVersion || !requestsStorageLayout(input)) {
    throw new ForgeProjectError(
      `build info ${artifact.buildId} is not a full one with storage layouts (for ${artifact.id}): set \`build_info = true\` and ` +
        '`extra_output = ["storageLayout"]` in foundry.toml, then run `forge build`',
    );
  }
  const sources = importClosure(output, artifact.sourceName);
  const prunedOutput: SolcOutput = {
    ...output,
    sources: pick(output.sources, sources),
    contracts: pick(output.contracts, sources),
  };
  const prunedInput: SolcInput = { ...input, sources: pick(input.sources, sources) };
  return validate(prunedOutput, solcInputOutputDecoder(prunedInput, prunedOutput), solcVersion, prunedInput);
}

/** Whether the build asked for storage layouts (solc leaves a contract's out when it has no variables). */
function requestsStorageLayout(input: SolcInput): boolean {
  const selection = (input as { settings?: { outputSelection?: unknown } }).settings?.outputSelection;
  return JSON.stringify(selection ?? {}).includes('"storageLayout"');
}

/** `sourceName` and every source it imports, directly or not. */
function importClosure(output: SolcOutput, sourceName: string): Set<string> {
  const seen = new Set<string>();
  const queue = [sourceName];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    for (const node of output.sources[next]?.ast.nodes ?? []) {
      if (node.nodeType === 'ImportDirective') queue.push(node.absolutePath);
    }
  }
  return seen;
}

function pick<T>(record: Record<string, T>, keys: Set<string>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keys.has(key)));
}
