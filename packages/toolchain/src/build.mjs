// @ts-check
/**
 * Compiles what deploying and drilling need: `contracts/` and `script/` (and what they import),
 * not `test/`. Through solc-js that is about half the files of a full `forge build` and well
 * under half the time; the typed client (`packages/client`) and the drills read only these
 * artifacts. `forge test` compiles the rest when it runs.
 */
import { join } from 'node:path';
import { ToolchainError } from './errors.mjs';
import { runFoundry } from './exec.mjs';
import { repoRoot } from './paths.mjs';

/** The source folders a deployment needs, relative to the repository root. */
export const DEPLOY_SOURCES = Object.freeze(['contracts', 'script']);

/**
 * `forge build` of {@link DEPLOY_SOURCES}, with compile progress on stderr. forge's own output is
 * kept back (a caller's stdout stays its own) and shown in the error when the build fails.
 * @param {{ root?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<void>}
 * @throws {ToolchainError} when forge fails (compile error, missing compiler)
 */
export async function buildDeploySources(options = {}) {
  const root = options.root ?? repoRoot;
  const args = ['build', '--root', root, ...DEPLOY_SOURCES.map((dir) => join(root, dir))];
  const { code, stdout } = await runFoundry('forge', args, {
    cwd: root,
    env: options.env,
    quiet: true,
    progress: true,
  });
  if (code !== 0) {
    throw new ToolchainError(`forge build of ${DEPLOY_SOURCES.join('/, ')}/ failed (exit code ${code})`, {
      details: stdout.trim().split('\n').slice(-30).join('\n'),
    });
  }
}
