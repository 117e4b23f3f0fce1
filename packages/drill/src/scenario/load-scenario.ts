import { readdir, readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidJsonIssue } from '@lockstep/core/document';
import type { Scenario } from '../types.js';
import { parseScenario } from './parse-scenario.js';
import { ScenarioError, type ScenarioErrorType } from './scenario-error.js';

/** The built-in scenarios: `packages/drill/scenarios/`. */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export type LoadScenarioOptions = {
  /** Where bare names are looked up. Default: `SCENARIOS_DIR`. */
  dir?: string;
};

export type LoadScenarioReturnType = Scenario;
export type LoadScenarioErrorType = ScenarioErrorType;

/** A bare scenario name (`happy-path`), as opposed to a path (`./my.json`, `a/b.json`). */
export function isScenarioName(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) && !/\.(json|ya?ml)$/i.test(value);
}

/** Whether a scenario file is YAML: by its extension, or (not being JSON) by its first line. */
export function looksLikeYaml(file: string, text: string): boolean {
  if (/^\.ya?ml$/i.test(extname(file))) return true;
  const first = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'));
  return first !== undefined && /^(---|%YAML|[A-Za-z_][\w-]*\s*:(\s|$)|- )/.test(first);
}

/**
 * Reads and validates a scenario.
 *
 * A bare name (`happy-path`) is `<dir>/<name>.json`, an unknown one throws a `ScenarioError`
 * listing the available names. Anything else is a path, read as given (relative to the working
 * directory). Unreadable files, invalid JSON (with line and column) and schema mistakes all throw
 * `ScenarioError`.
 *
 * @example
 * const scenario = await loadScenario('halted-chain')
 */
export async function loadScenario(pathOrName: string, options: LoadScenarioOptions = {}): Promise<Scenario> {
  const dir = options.dir ?? SCENARIOS_DIR;
  const byName = isScenarioName(pathOrName);
  const file = byName ? resolve(dir, `${pathOrName}.json`) : resolve(pathOrName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (byName && code === 'ENOENT') {
      const available = await listScenarios({ dir }).catch(() => []);
      throw new ScenarioError({
        issues: [
          {
            path: '',
            problem: `there is no scenario named "${pathOrName}" in ${dir}`,
            fix: available.length ? `use one of: ${available.join(', ')}` : 'give the path of a scenario file',
          },
        ],
        file,
        cause,
      });
    }
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(code ?? cause)})`;
    throw new ScenarioError({
      issues: [{ path: '', problem: reason, fix: 'check the path, or give the name of a built-in scenario' }],
      file,
      cause,
    });
  }
  return parseScenario(parseJson(text, file), file);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (looksLikeYaml(file, text))
      throw new ScenarioError({
        issues: [
          {
            path: '',
            problem: 'YAML is not supported: a scenario is a JSON file',
            fix: 'convert it to JSON (the same fields, in JSON syntax) and save it as a .json file',
          },
        ],
        file,
        cause,
      });
    throw new ScenarioError({ issues: [invalidJsonIssue(text, cause)], file, cause });
  }
}

/** The names of the scenarios in `dir` (default: the built-in ones), sorted. */
export async function listScenarios(options: LoadScenarioOptions = {}): Promise<string[]> {
  const entries = await readdir(options.dir ?? SCENARIOS_DIR);
  return entries
    .filter((entry) => entry.endsWith('.json'))
    .map((entry) => entry.slice(0, -'.json'.length))
    .sort();
}
