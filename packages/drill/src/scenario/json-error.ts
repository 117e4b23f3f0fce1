/**
 * Where a JSON text stops being valid. `JSON.parse` names a position only for some errors (Node 20
 * says "Unexpected token '}', ... is not valid JSON" without one), so this small scanner finds the
 * first offending character itself.
 */

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
