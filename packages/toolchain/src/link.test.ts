import { lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBinaries, libLinks, linkLibraries } from './link.mjs';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function fakeInstall(): string {
  root = mkdtempSync(join(tmpdir(), 'lockstep-link-'));
  for (const pkgPath of Object.values(libLinks)) mkdirSync(join(root, 'node_modules', pkgPath), { recursive: true });
  return root;
}

describe('linkLibraries', () => {
  it('links every Solidity dependency into lib/ with a relative link, and is idempotent', () => {
    fakeInstall();
    expect(linkLibraries(root).map((l) => l.action)).toEqual(['linked', 'linked', 'linked', 'linked']);
    expect(readlinkSync(join(root, 'lib', 'forge-std'))).toBe(
      '../node_modules/@layerzerolabs/toolbox-foundry/lib/forge-std',
    );
    expect(linkLibraries(root).map((l) => l.action)).toEqual(['kept', 'kept', 'kept', 'kept']);
  });

  it('leaves a real folder in lib/ (for example from forge install) untouched', () => {
    fakeInstall();
    mkdirSync(join(root, 'lib', 'forge-std'), { recursive: true });
    writeFileSync(join(root, 'lib', 'forge-std', 'Test.sol'), '');
    const forgeStd = linkLibraries(root).find((l) => l.name === 'forge-std');
    expect(forgeStd?.action).toBe('kept');
    expect(lstatSync(join(root, 'lib', 'forge-std')).isDirectory()).toBe(true);
  });

  it('names the missing package when the install is incomplete', () => {
    root = mkdtempSync(join(tmpdir(), 'lockstep-link-'));
    expect(() => linkLibraries(root)).toThrow(/node_modules\/@layerzerolabs\/toolbox-foundry\/lib\/forge-std/);
  });
});

describe('checkBinaries', () => {
  it('resolves the native binaries, not the npm bin wrappers', () => {
    const bins = checkBinaries();
    for (const [tool, path] of Object.entries(bins)) {
      expect(path).toMatch(new RegExp(`@foundry-rs/${tool}-[a-z0-9]+-[a-z0-9]+/bin/${tool}$`));
    }
  });
});
