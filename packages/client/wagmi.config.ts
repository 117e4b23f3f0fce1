/**
 * Generates `src/generated/contracts.ts` from the forge artifacts: `pnpm --filter @lockstep/client generate`.
 *
 * The config first compiles `contracts/` and `script/` with the native forge (incremental: a no-op when `out/`
 * is fresh; never `test/`, which the client does not need), with a progress line on stderr, so a fresh clone
 * generates without a separate build and the client never lags behind the sources. The foundry plugin's own
 * build is off: it would compile the whole tree, silently. The plugin gives ABIs only; the `Bytecode` plugin
 * below adds each contract's creation bytecode from the same artifacts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildDeploySources, nativeBinary, repoRoot, solcWrapperPath } from '@lockstep/toolchain';
import { defineConfig, type Plugin } from '@wagmi/cli';
import { foundry, foundryDefaultExcludes } from '@wagmi/cli/plugins';

/** The contracts the client exposes, as `out/<file>/<name>.json`. Everything else in `out/` is left out. */
const artifacts = [
  ['SecurityCouncil.sol', 'SecurityCouncil'],
  ['GovernanceHub.sol', 'GovernanceHub'],
  ['GuardianAdapter.sol', 'GuardianAdapter'],
  ['CouncilFallbackAdapter.sol', 'CouncilFallbackAdapter'],
  ['UpgradeReceiver.sol', 'UpgradeReceiver'],
  ['DeploymentRegistry.sol', 'DeploymentRegistry'],
  ['LockstepFactory.sol', 'LockstepFactory'],
  ['VaultV1.sol', 'VaultV1'],
  ['VaultV2.sol', 'VaultV2'],
  ['VaultV3Malicious.sol', 'VaultV3Malicious'],
  ['VaultV3Faulty.sol', 'VaultV3Faulty'],
  // OpenZeppelin contracts the deployer instantiates.
  ['TimelockController.sol', 'TimelockController'],
  ['ERC1967Proxy.sol', 'ERC1967Proxy'],
  // OpenZeppelin contracts a drill meets on a forked chain's own proxies (and its tests deploy).
  ['Ownable.sol', 'Ownable'],
  ['ProxyAdmin.sol', 'ProxyAdmin'],
  ['TransparentUpgradeableProxy.sol', 'TransparentUpgradeableProxy'],
] as const;

/** Abstract contracts exposed for their ABI only (no creation code, not in `lockstepContracts`). */
const abiOnly = new Set<string>(['Ownable']);

// forge is started from this package's folder, so the solc wrapper must be given by absolute path.
process.env.FOUNDRY_SOLC ||= solcWrapperPath;

const outDir = join(repoRoot, 'out');

/** Adds `<name>Bytecode` (creation code) for every contract, and the `lockstepContracts` map. */
function bytecode(): Plugin {
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

export default defineConfig(async () => {
  await buildDeploySources({ root: repoRoot });
  return {
    out: 'src/generated/contracts.ts',
    plugins: [
      foundry({
        project: repoRoot,
        forge: { path: nativeBinary('forge'), build: false, rebuild: false },
        include: artifacts.map(([file, name]) => `${file}/${name}.json`),
        exclude: [...foundryDefaultExcludes, 'IMulticall3.sol/**', '**/test/**', '**/script/**', '**/mocks/**'],
      }),
      bytecode(),
    ],
  };
});
