/**
 * Where a JSON text stops being valid, and the issue that says so. `JSON.parse` names a position
 * only for some errors (Node 20 says "Unexpected token '}', ... is not valid JSON" without one), so
 * a small scanner finds the first offending character itself.
 *
 * Libraries were tried and not used: `jsonc-parser` reports the start of the bad token (`{"a": tru}`
 * at the `t`, a line break inside a string at the string's opening quote), and
 * `json-parse-even-better-errors` falls back to position 0 when the message has none; the locations
 * here point at the character `JSON.parse` stopped at, which the tests pin.
 */
import type { DocumentIssue } from './issue.js';

export type JsonErrorLocation = {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** 0-based character offset. */
  offset: number;
};

/** Line and column of an offset in `text`. */
export function locate(text: string, offset: number): JsonErrorLocation {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1, offset };
}

/**
 * Line and column (1-based) of a `JSON.parse` error: from the message's "line L column C" or
 * "position P" when it has one, else from scanning `text`.
 */
export function jsonErrorLocation(message: string, text: string): { line: number; column: number } | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (position) {
    const { line, column } = locate(text, Number(position[1]));
    return { line, column };
  }
  const found = findJsonError(text);
  return found && { line: found.line, column: found.column };
}

/** The issue for a text `JSON.parse` rejected with `cause`: where, and the parser's own words. */
export function invalidJsonIssue(text: string, cause: unknown): DocumentIssue {
  const message = cause instanceof Error ? cause.message : String(cause);
  const where = jsonErrorLocation(message, text);
  const reason = message.replace(/\s*\(line \d+ column \d+\)|\s*in JSON at position \d+/g, '');
  return {
    path: '',
    problem: `invalid JSON${where ? ` at line ${where.line}, column ${where.column}` : ''} (${reason})`,
    fix: 'fix the JSON syntax there (a missing comma or quote, a trailing comma, or a comment?)',
  };
}

/** The location of the first syntax error in `text`, or `undefined` when it is valid JSON. */
export function findJsonError(text: string): JsonErrorLocation | undefined {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text.charAt(i) !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const ch = text.charAt(i);
      if (ch === '"') {
        i++;
        return;
      }
      if (ch < ' ') fail();
      if (ch === '\\') {
        i++;
        const esc = text.charAt(i);
        if (esc === 'u') {
          for (let k = 1; k <= 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text.charAt(i))) fail();
          }
        } else if (!'"\\/bfnrt'.includes(esc) || esc === '') fail();
      }
      i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail();
    i += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const ch = text.charAt(i);
    if (ch === '{') {
      i++;
      space();
      if (text.charAt(i) === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text.charAt(i) !== '"') fail();
        string();
        space();
        if (text.charAt(i) !== ':') fail();
        i++;
        value();
        space();
        if (text.charAt(i) === ',') i++;
        else if (text.charAt(i) === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text.charAt(i) === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text.charAt(i) === ',') i++;
        else if (text.charAt(i) === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else number();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return locate(text, error.offset);
    throw error;
  }
}

class Stop {
  constructor(readonly offset: number) {}
}
