// @ts-check
/**
 * Install-time setup, run by the root `postinstall`: makes `lib/` follow Foundry's convention by
 * linking the Solidity dependencies installed from npm, and checks the native Foundry binaries.
 */
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ToolchainError } from './errors.mjs';
import { nativeBinary, repoRoot } from './paths.mjs';

/** `lib/<name>` → folder inside the root's node_modules. */
export const libLinks = /** @type {const} */ ({
  'forge-std': '@layerzerolabs/toolbox-foundry/lib/forge-std',
  'openzeppelin-contracts': '@openzeppelin/contracts',
  'openzeppelin-contracts-upgradeable': '@openzeppelin/contracts-upgradeable',
  'safe-contracts': '@safe-global/safe-contracts',
});

/**
 * Creates or refreshes the `lib/` links. A real folder at `lib/<name>` (for example from
 * `forge install`) is left untouched.
 * @param {string} [root]
 * @returns {{ name: string, target: string, action: 'linked' | 'kept' }[]}
 */
export function linkLibraries(root = repoRoot) {
  const lib = join(root, 'lib');
  mkdirSync(lib, { recursive: true });
  return Object.entries(libLinks).map(([name, pkgPath]) => {
    const target = join(root, 'node_modules', pkgPath);
    if (!existsSync(target)) {
      throw new ToolchainError(`Solidity dependency missing: node_modules/${pkgPath}.`, {
        details: 'Run `pnpm install` at the repository root.',
      });
    }
    const link = join(lib, name);
    const wanted = relative(dirname(link), target);
    const stat = lstatSync(link, { throwIfNoEntry: false });
    if (stat && !stat.isSymbolicLink()) return { name, target, action: 'kept' };
    if (stat && readlinkSync(link) === wanted) return { name, target, action: 'kept' };
    if (stat) rmSync(link);
    symlinkSync(wanted, link, 'dir');
    return { name, target, action: 'linked' };
  });
}

/**
 * Resolves every native Foundry binary, so a broken install fails at install time.
 * @returns {Record<import('./paths.mjs').FoundryTool, string>}
 */
export function checkBinaries() {
  return { forge: nativeBinary('forge'), anvil: nativeBinary('anvil'), cast: nativeBinary('cast') };
}
