import type { DocumentIssue } from '@lockstep/core/document';
import { LockstepError } from '@lockstep/core/errors';

/** One mistake in a scenario: where it is (`faults[1].target`), what is wrong, and how to fix it. */
export type ScenarioIssue = DocumentIssue;

export type ScenarioErrorParameters = {
  issues: readonly ScenarioIssue[];
  /** The scenario file (or name) the issues are in, when there is one. */
  file?: string | undefined;
  cause?: unknown;
};

export type ScenarioErrorType = ScenarioError & { name: 'ScenarioError' };

/** Where the scenario format is documented; named under every error. */
export const SCENARIO_FORMAT_DOC = 'packages/drill/docs/scenario-format.md';

/** Formats one issue as `path: problem — fix`. */
export function formatScenarioIssue(issue: ScenarioIssue): string {
  return `${issue.path || '(scenario)'}: ${issue.problem} — ${issue.fix}`;
}

/**
 * A scenario could not be read, is not valid JSON, or breaks a rule of the scenario format. Every
 * issue names the field, the problem and the fix; `path` is the first issue's field.
 */
export class ScenarioError extends LockstepError {
  override name = 'ScenarioError' as const;
  readonly issues: readonly ScenarioIssue[];
  /** The offending field of the first issue (`chains[2].chainId`); empty for the whole file. */
  readonly path: string;
  readonly file: string | undefined;

  constructor({ issues, file, cause }: ScenarioErrorParameters) {
    const lines = issues.map(formatScenarioIssue);
    const first = lines[0];
    const shortMessage =
      issues.length === 1 && first !== undefined ? first : `${issues.length} problems in the drill scenario`;
    const meta = issues.length === 1 ? [] : lines.map((line) => `- ${line}`);
    if (file) meta.push(`in ${file}`);
    meta.push(`Format: ${SCENARIO_FORMAT_DOC}`);
    super(shortMessage, { cause, metaMessages: meta });
    this.issues = issues;
    this.path = issues[0]?.path ?? '';
    this.file = file;
  }
}
