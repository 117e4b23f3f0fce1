/**
 * Generates `src/generated/contracts.ts` from the forge artifacts: `pnpm --filter @lockstep/client generate`.
 *
 * The config first compiles `contracts/` and `script/` with the native forge (incremental: a no-op when `out/`
 * is fresh; never `test/`, which the client does not need), with a progress line on stderr, so a fresh clone
 * generates without a separate build and the client never lags behind the sources. The foundry plugin's own
 * build is off: it would compile the whole tree, silently. The plugin gives ABIs only; the `Bytecode` plugin
 * below adds each contract's creation bytecode from the same artifacts.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildDeploySources, nativeBinary, repoRoot, solcWrapperPath } from '@lockstep/toolchain';
import { defineConfig, type Plugin } from '@wagmi/cli';
import { foundry, foundryDefaultExcludes } from '@wagmi/cli/plugins';

/** forge's artifacts. */
const outDir = join(repoRoot, 'out');

/** A contract the client exposes, as `out/<file>/<name>.json`. */
type Artifact = readonly [file: string, name: string];

/**
 * OpenZeppelin contracts the client exposes beside Lockstep's own: the ones the deployer instantiates
 * (TimelockController, ERC1967Proxy), the ones a drill meets on a forked chain's own proxies (and its
 * tests deploy), and the ERC-1271 interface a contract member's signature is checked through.
 */
const openZeppelin: readonly Artifact[] = [
  ['TimelockController.sol', 'TimelockController'],
  ['ERC1967Proxy.sol', 'ERC1967Proxy'],
  ['Ownable.sol', 'Ownable'],
  ['ProxyAdmin.sol', 'ProxyAdmin'],
  ['TransparentUpgradeableProxy.sol', 'TransparentUpgradeableProxy'],
  // A contract council member's signature check (a Safe's `isValidSignature`), read off-chain too.
  ['IERC1271.sol', 'IERC1271'],
  // The role events a rehearsal reports (RoleGranted / RoleRevoked).
  ['IAccessControl.sol', 'IAccessControl'],
];

/** Abstract contracts exposed for their ABI only (no creation code, not in `lockstepContracts`). */
const abiOnly = new Set<string>(['Ownable', 'IERC1271', 'IAccessControl']);

/** Lockstep contracts left out of the client: only another contract deploys them. */
const internalOnly = new Set<string>([
  // LockstepFactory's one-shot CREATE2 spawner.
  'SaltedSpawner',
]);

type ForgeArtifact = {
  bytecode?: { object?: unknown };
  deployedBytecode?: { object?: unknown };
  metadata?: { settings?: { compilationTarget?: Record<string, string> } };
};

/** A library's runtime code starts with its call protection, `PUSH20 <address> ADDRESS` (`0x73…30`). */
const LIBRARY_RUNTIME = /^0x73[0-9a-f]{40}30/i;

/**
 * Every deployable contract under `contracts/`, read from the forge artifacts in `out/` (so a new
 * contract, a new bridge adapter say, reaches the client without being listed): a contract with creation
 * code (not an interface or an abstract base), not a library, whose source still exists (`out/` may hold
 * artifacts of moved files), and not in `internalOnly`. Sorted by name, so the output is stable.
 */
async function lockstepArtifacts(): Promise<Artifact[]> {
  const found: Artifact[] = [];
  for (const file of await readdir(outDir)) {
    if (!file.endsWith('.sol')) continue;
    for (const json of await readdir(join(outDir, file))) {
      const artifact: ForgeArtifact = JSON.parse(await readFile(join(outDir, file, json), 'utf8'));
      const [source, name] = Object.entries(artifact.metadata?.settings?.compilationTarget ?? {})[0] ?? [];
      if (!source?.startsWith('contracts/') || !name || internalOnly.has(name)) continue;
      if (!existsSync(join(repoRoot, source))) continue;
      const creation = artifact.bytecode?.object;
      const runtime = artifact.deployedBytecode?.object;
      if (typeof creation !== 'string' || creation.length <= 2) continue;
      if (typeof runtime === 'string' && LIBRARY_RUNTIME.test(runtime)) continue;
      found.push([file, name]);
    }
  }
  return found.sort(([, a], [, b]) => a.localeCompare(b));
}

// forge is started from this package's folder, so the solc wrapper must be given by absolute path.
process.env.FOUNDRY_SOLC ||= solcWrapperPath;

/** Adds `<name>Bytecode` (creation code) for every contract, and the `lockstepContracts` map. */
function bytecode(artifacts: readonly Artifact[]): Plugin {
  return {
    name: 'Bytecode',
    async run({ contracts }) {
      const expected = new Set<string>(artifacts.map(([, name]) => name));
      const found = new Set(contracts.map((c) => c.name));
      const missing = [...expected].filter((name) => !found.has(name));
      const extra = [...found].filter((name) => !expected.has(name));
      if (missing.length > 0 || extra.length > 0) {
        throw new Error(`artifacts do not match the list: missing [${missing}], unexpected [${extra}]`);
      }
      const constants: string[] = [];
      const entries: string[] = [];
      for (const [file, name] of artifacts) {
        if (abiOnly.has(name)) continue;
        const path = join(outDir, file, `${name}.json`);
        const artifact: { bytecode?: { object?: unknown } } = JSON.parse(await readFile(path, 'utf8'));
        const object = artifact.bytecode?.object;
        if (typeof object !== 'string' || !/^0x(?:[0-9a-f]{2})+$/i.test(object)) {
          throw new Error(`${path}: bytecode.object is missing, empty or has unlinked libraries`);
        }
        const abiName = contracts.find((c) => c.name === name)?.meta.abiName ?? '';
        const bytecodeName = abiName.replace(/Abi$/, 'Bytecode');
        constants.push(
          `/** Creation bytecode of ${name} (${file}). */\nexport const ${bytecodeName} = '${object}' as const`,
        );
        entries.push(`${name}: { abi: ${abiName}, bytecode: ${bytecodeName} }`);
      }
      return {
        imports:
          '// generated — do not edit. Source: the forge artifacts in out/, via packages/client/wagmi.config.ts.',
        content: [
          ...constants,
          `/** Every contract of the client by name: its ABI and creation bytecode. */\nexport const lockstepContracts = {\n${entries.join(',\n')}\n} as const`,
        ].join('\n\n'),
      };
    },
  };
}

/**
 * Safe's own ABIs, from the artifacts Safe publishes in `@safe-global/safe-contracts` (1.4.1): the Safe
 * (its owners, threshold and on-chain approved hashes) and the legacy EIP-1271 validator a Safe calls on
 * a contract owner (`isValidSignature(bytes,bytes)`). A Safe council member's signatures are assembled
 * and checked through these, so they come from Safe's build, never written here.
 */
function safeAbis(): Plugin {
  const root = dirname(createRequire(import.meta.url).resolve('@safe-global/safe-contracts/package.json'));
  const sources = [
    ['safeAbi', 'Safe.sol/Safe.json'],
    ['safeSignatureValidatorAbi', 'interfaces/ISignatureValidator.sol/ISignatureValidator.json'],
  ] as const;
  return {
    name: 'SafeAbis',
    async run() {
      const constants: string[] = [];
      for (const [name, file] of sources) {
        const path = join(root, 'build', 'artifacts', 'contracts', file);
        const artifact: { abi?: unknown } = JSON.parse(await readFile(path, 'utf8'));
        if (!Array.isArray(artifact.abi)) throw new Error(`${path}: no abi`);
        constants.push(
          `/** ABI of Safe 1.4.1's ${file.split('/').pop()?.replace('.json', '')} (@safe-global/safe-contracts). */\nexport const ${name} = ${JSON.stringify(artifact.abi)} as const`,
        );
      }
      return { content: constants.join('\n\n') };
    },
  };
}

/**
 * OpenZeppelin ABIs no Lockstep source imports, so forge does not build them into `out/`: from the
 * artifacts OpenZeppelin publishes in `@openzeppelin/contracts` (the same 5.7.0 as `lib/`). A rehearsal
 * reads `pendingOwner()` through Ownable2Step's.
 */
function openZeppelinPublishedAbis(): Plugin {
  const root = dirname(createRequire(import.meta.url).resolve('@openzeppelin/contracts/package.json'));
  const sources = [['ownable2StepAbi', 'Ownable2Step']] as const;
  return {
    name: 'OpenZeppelinPublishedAbis',
    async run() {
      const constants: string[] = [];
      for (const [name, contract] of sources) {
        const path = join(root, 'build', 'contracts', `${contract}.json`);
        const artifact: { abi?: unknown } = JSON.parse(await readFile(path, 'utf8'));
        if (!Array.isArray(artifact.abi)) throw new Error(`${path}: no abi`);
        constants.push(
          `/** ABI of OpenZeppelin's ${contract} (@openzeppelin/contracts build artifact). */\nexport const ${name} = ${JSON.stringify(artifact.abi)} as const`,
        );
      }
      return { content: constants.join('\n\n') };
    },
  };
}

export default defineConfig(async () => {
  await buildDeploySources({ root: repoRoot });
  const artifacts = [...(await lockstepArtifacts()), ...openZeppelin];
  return {
    out: 'src/generated/contracts.ts',
    plugins: [
      foundry({
        project: repoRoot,
        forge: { path: nativeBinary('forge'), build: false, rebuild: false },
        include: artifacts.map(([file, name]) => `${file}/${name}.json`),
        exclude: [...foundryDefaultExcludes, 'IMulticall3.sol/**', '**/test/**', '**/script/**', '**/mocks/**'],
      }),
      bytecode(artifacts),
      safeAbis(),
      openZeppelinPublishedAbis(),
    ],
  };
});
