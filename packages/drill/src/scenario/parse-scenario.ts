import { basename, extname } from 'node:path';
import type { Scenario } from '../types.js';
import { formatIssues } from './format-issues.js';
import { ScenarioError, type ScenarioErrorType } from './scenario-error.js';
import { scenarioSchema } from './schema.js';

export type ParseScenarioReturnType = Scenario;
export type ParseScenarioErrorType = ScenarioErrorType;

/**
 * Validates a scenario value (already read from a file or written in code) and fills its defaults.
 *
 * `source` is the file it came from: it is named in errors, and its base name (without `.json`)
 * becomes the scenario's `name` when the value has none. Throws one `ScenarioError` listing every
 * mistake, each as "path: problem — fix".
 *
 * @example
 * const scenario = parseScenario(JSON.parse(text), 'scenarios/happy-path.json')
 */
export function parseScenario(input: unknown, source?: string): ParseScenarioReturnType {
  const result = scenarioSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ScenarioError({ issues: formatIssues(result.error.issues), file: source });
  const scenario = result.data;
  if (scenario.name !== '') return scenario;
  const fromFile = source === undefined ? '' : basename(source, extname(source));
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(fromFile)) return { ...scenario, name: fromFile };
  throw new ScenarioError({
    issues: [
      {
        path: 'name',
        problem: 'is missing',
        fix: 'set "name" (letters, digits, ".", "_" or "-"), or load the scenario from a file named after it',
      },
    ],
    file: source,
  });
}
