// @ts-check
/**
 * Where the toolchain lives: the repository root, the native Foundry binaries shipped inside the
 * `@foundry-rs/<tool>-<os>-<arch>` npm packages, and the solc wrapper forge calls.
 *
 * The `@foundry-rs/<tool>` packages also install a `bin` wrapper in `node_modules/.bin`; it exits 0
 * even when the tool fails and delays signals, so Lockstep never calls it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolchainError } from './errors.mjs';

/** @typedef {'forge' | 'anvil' | 'cast'} FoundryTool */

/** Absolute path of the repository root (the folder holding `foundry.toml`). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Absolute path of the solc wrapper that forge is pointed at. */
export const solcWrapperPath = fileURLToPath(new URL('../bin/solc.mjs', import.meta.url));

const require = createRequire(import.meta.url);

/** @returns {string} the platform suffix Foundry's npm packages use, e.g. `linux-amd64`. */
export function foundryPlatform() {
  /** @type {Record<string, string | undefined>} */
  const oses = { linux: 'linux', darwin: 'darwin', win32: 'win32' };
  /** @type {Record<string, string | undefined>} */
  const cpus = { x64: 'amd64', arm64: 'arm64' };
  const os = oses[platform()];
  const cpu = cpus[arch()];
  if (!os || !cpu) {
    throw new ToolchainError(`Foundry has no npm build for ${platform()}-${arch()}.`, {
      details: 'Install Foundry natively (foundryup) and set LOCKSTEP_FORGE / LOCKSTEP_ANVIL / LOCKSTEP_CAST.',
    });
  }
  return `${os}-${cpu}`;
}

/**
 * Absolute path of a native Foundry binary. `LOCKSTEP_<TOOL>` (e.g. `LOCKSTEP_FORGE`) overrides it.
 * @param {FoundryTool} tool
 * @returns {string}
 */
export function nativeBinary(tool) {
  const override = process.env[`LOCKSTEP_${tool.toUpperCase()}`];
  if (override) return override;
  const platformPackage = `@foundry-rs/${tool}-${foundryPlatform()}`;
  let wrapperManifest;
  try {
    wrapperManifest = require.resolve(`@foundry-rs/${tool}/package.json`);
  } catch (cause) {
    throw new ToolchainError(`@foundry-rs/${tool} is not installed.`, {
      details: 'Run `pnpm install` at the repository root.',
      cause,
    });
  }
  let platformManifest;
  try {
    platformManifest = createRequire(wrapperManifest).resolve(`${platformPackage}/package.json`);
  } catch (cause) {
    throw new ToolchainError(`${platformPackage} is not installed.`, {
      details: `pnpm skipped the optional dependency of @foundry-rs/${tool}; reinstall without --no-optional.`,
      cause,
    });
  }
  const binary = join(dirname(platformManifest), 'bin', platform() === 'win32' ? `${tool}.exe` : tool);
  if (!existsSync(binary)) {
    throw new ToolchainError(`${platformPackage} carries no ${tool} binary at ${binary}.`);
  }
  return binary;
}
