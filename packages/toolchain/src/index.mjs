// @ts-check

export { anvilStatesDir, startAnvil, startAnvils, stopAnvils } from './anvil.mjs';
export { buildDeploySources, DEPLOY_SOURCES } from './build.mjs';
export { ToolchainError } from './errors.mjs';
export { foundryEnv, runFoundry } from './exec.mjs';
export { KEPT_MARKER, keptSection } from './kept-section.mjs';
export { checkBinaries, libLinks, linkLibraries } from './link.mjs';
export { foundryPlatform, nativeBinary, repoRoot, solcWrapperPath } from './paths.mjs';
export { compileProgress, compilerKind, parseCompiling, progressText } from './progress.mjs';
export { compileStandardJson, createImportResolver, findNativeSolc, parseSolcArgs, solcJsVersion } from './solc.mjs';
export { parseForgeSummary, runTests } from './test-runner.mjs';
