/**
 * Turns zod issues into `DocumentIssue`s ("path: problem — fix") for any validated document. The
 * machinery is shared; each document (the Lockstep config, a drill scenario) brings only its tables:
 * the fields each object knows, the fix for each field, and what must never be quoted.
 *
 * zod's own `z.prettifyError` / `z.flattenError` and `zod-validation-error` are not used: they
 * render zod's messages ("Invalid input: expected number, received string") without a fix per
 * field, a "did you mean" or redaction, and the wording of these issues is part of the documented
 * error output (the tests pin it).
 */
import type { z } from 'zod';
import { describeInput, type Redact } from './describe-input.js';
import type { DocumentIssue } from './issue.js';
import { formatPath, normalizePath, type Path } from './path.js';
import { unknownFieldFix } from './suggest-field.js';

type Issue = z.core.$ZodIssue;

/** What one kind of document tells the formatter about itself. */
export type DocumentTables = {
  /** Field names of each object, by normalized path (`''` for the root, `networks[]`, `keys.*`). */
  knownFields: Readonly<Record<string, readonly string[]>>;
  /** How to fix a field, by normalized path. */
  fixes: Readonly<Record<string, string>>;
  /** The fix for a field without an entry in `fixes` (e.g. where the format is documented). */
  fallbackFix: string;
  /** Paths of records whose keys are names chosen by the author (see `normalizePath`). */
  records?: readonly string[];
  /** What a well-formed value of a string format is, e.g. `{ url: 'an http(s) URL' }`. */
  formats?: Readonly<Record<string, string>>;
  /** Strings never to quote (key material). */
  redact?: Redact;
  /**
   * Discriminated unions, by the normalized path of their discriminator (`faults[].kind`): the noun
   * for a value none of the options has (`unknown fault kind "x"`). The fix is `fixes`' entry there.
   */
  discriminators?: Readonly<Record<string, string>>;
};

export type IssueFormatter = {
  /** Converts zod issues (parsed with `reportInput`) to document issues, one per mistake. */
  formatIssues(issues: readonly Issue[], base?: Path): DocumentIssue[];
  /** The bad value in words, with the document's redaction. */
  describeInput(input: unknown): string;
};

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
};

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, small: boolean): string {
  const value = String(small ? issue.minimum : issue.maximum);
  if (small) return issue.inclusive ? `at least ${value}` : `more than ${value}`;
  return issue.inclusive ? `at most ${value}` : `less than ${value}`;
}

function isMissing(issue: Issue): boolean {
  return !('input' in issue) || issue.input === undefined;
}

/** One formatter for the document described by `tables`. */
export function createIssueFormatter(tables: DocumentTables): IssueFormatter {
  const records = tables.records ?? [];
  const describe = (input: unknown) => describeInput(input, tables.redact);
  const normalize = (path: Path) => normalizePath(path, records);
  const fixFor = (path: Path) => tables.fixes[normalize(path)] ?? tables.fallbackFix;

  const problemFor = (issue: Issue): string => {
    switch (issue.code) {
      case 'invalid_type':
        if (isMissing(issue)) return 'is missing';
        return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
      case 'invalid_value':
        if (isMissing(issue)) return 'is missing';
        return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(issue.input)}`;
      case 'too_small':
      case 'too_big': {
        const small = issue.code === 'too_small';
        if (issue.origin === 'array') {
          const got = Array.isArray(issue.input) ? `, got ${issue.input.length}` : '';
          return `expected ${bound(issue, small)} entries${got}`;
        }
        if (issue.origin === 'string')
          return `expected ${bound(issue, small)} characters, got ${describe(issue.input)}`;
        return `expected ${bound(issue, small)}, got ${describe(issue.input)}`;
      }
      case 'invalid_format': {
        const expected = tables.formats?.[issue.format];
        if (expected) return `expected ${expected}, got ${describe(issue.input)}`;
        return `has the wrong format: ${describe(issue.input)}`;
      }
      case 'custom':
        // A cross-field rule with its own fix names the value in its message already.
        return isMissing(issue) || issue.params?.fix ? issue.message : `${issue.message}, got ${describe(issue.input)}`;
      default:
        return `${issue.message}${isMissing(issue) ? '' : `, got ${describe(issue.input)}`}`;
    }
  };

  const formatIssues = (issues: readonly Issue[], base: Path = []): DocumentIssue[] => {
    const out: DocumentIssue[] = [];
    for (const issue of issues) {
      const path = [...base, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        const known = tables.knownFields[normalize(path)] ?? [];
        for (const key of issue.keys)
          out.push({ path: formatPath([...path, key]), problem: 'unknown field', fix: unknownFieldFix(key, known) });
        continue;
      }
      if (issue.code === 'invalid_union') {
        out.push(...formatUnion(issue, path));
        continue;
      }
      const params = issue.code === 'custom' ? issue.params : undefined;
      const fix = typeof params?.fix === 'string' ? params.fix : fixFor(path);
      out.push({ path: formatPath(path), problem: problemFor(issue), fix });
    }
    return out;
  };

  /**
   * A value matched no shape of a union. A discriminated union's unknown discriminator is named;
   * otherwise, when one shape is clearly meant (it accepts the value's type and has the fewest
   * issues), that shape's issues are reported, or else the shapes are named.
   */
  const formatUnion = (issue: z.core.$ZodIssueInvalidUnion, path: Path): DocumentIssue[] => {
    const discriminated = issue.errors.length === 0 ? discriminatorIssue(issue, path) : undefined;
    if (discriminated) return [discriminated];
    const candidates = issue.errors
      .filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0))
      .sort((a, b) => a.length - b.length);
    const [best, second] = candidates;
    if (best && (!second || best.length < second.length)) return formatIssues(best, path);
    return [
      { path: formatPath(path), problem: `has an unexpected shape: ${describe(issue.input)}`, fix: fixFor(path) },
    ];
  };

  const discriminatorIssue = (issue: z.core.$ZodIssueInvalidUnion, path: Path): DocumentIssue | undefined => {
    for (const [at, noun] of Object.entries(tables.discriminators ?? {})) {
      const key = at.slice(at.lastIndexOf('.') + 1);
      const keyPath = path.at(-1) === key ? path : [...path, key];
      if (normalize(keyPath) !== at) continue;
      const input = issue.input;
      const value = typeof input === 'object' && input !== null && key in input ? Reflect.get(input, key) : undefined;
      return {
        path: formatPath(keyPath),
        problem: value === undefined ? 'is missing' : `unknown ${noun} ${describe(value)}`,
        fix: fixFor(keyPath),
      };
    }
    return undefined;
  };

  return { formatIssues, describeInput: describe };
}
