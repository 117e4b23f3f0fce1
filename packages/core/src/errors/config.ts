import { LockstepError } from './base.js';

/** One mistake in a config: where it is, what is wrong, and how to fix it. */
export type ConfigIssue = {
  /** The field's path, e.g. `networks[2].chainId`; empty for the whole file. */
  path: string;
  /** What is wrong, e.g. `expected a positive integer, got "abc"`. */
  problem: string;
  /** How to fix it, e.g. `set it to the chain's id (e.g. 42161)`. */
  fix: string;
};

export type ConfigErrorParameters = {
  issues: readonly ConfigIssue[];
  /** The config file the issues are in, when there is one. */
  file?: string;
  cause?: unknown;
};

export type ConfigErrorType = ConfigError & { name: 'ConfigError' };

/** Formats one issue as `path: problem — fix`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return `${issue.path || '(config)'}: ${issue.problem} — ${issue.fix}`;
}

/**
 * The config is malformed or breaks a rule the contracts enforce. Every issue names the field, the
 * problem and the fix; the short message is the first issue (or a count when there are several).
 */
export class ConfigError extends LockstepError {
  override name = 'ConfigError' as const;
  readonly issues: readonly ConfigIssue[];
  readonly file: string | undefined;

  constructor({ issues, file, cause }: ConfigErrorParameters) {
    const first = issues[0];
    const lines = issues.map(formatConfigIssue);
    const shortMessage = issues.length === 1 && first ? lines[0] : `${issues.length} problems in the Lockstep config`;
    const meta = issues.length === 1 ? [] : lines.map((line) => `- ${line}`);
    if (file) meta.push(`in ${file}`);
    super(shortMessage ?? 'invalid Lockstep config', {
      cause,
      docsPath: docsAnchor(first?.path),
      metaMessages: meta,
    });
    this.issues = issues;
    this.file = file;
  }
}

/** `networks[2].chainId` → `#networks`: the README has one section per top-level field. */
function docsAnchor(path: string | undefined): string | undefined {
  const top = path ? /^[A-Za-z]+/.exec(path)?.[0] : undefined;
  return top ? `#${top.toLowerCase()}` : undefined;
}

export type ConfigNotFoundErrorType = ConfigNotFoundError & { name: 'ConfigNotFoundError' };

/** No config file where one was asked for. */
export class ConfigNotFoundError extends LockstepError {
  override name = 'ConfigNotFoundError' as const;
  readonly path: string;

  constructor({ path, cause }: { path: string; cause?: unknown }) {
    super(`no Lockstep config at ${path} — check the path, or copy packages/core/lockstep.config.example.ts there`, {
      cause,
    });
    this.path = path;
  }
}
