/** Says what a bad value was, in a few words, for "got …" in an issue. */

/** Replaces a string that must not be quoted (key material) with words; `undefined` keeps it. */
export type Redact = (value: string) => string | undefined;

/** The bad value in words, short; strings `redact` names are never quoted. */
export function describeInput(input: unknown, redact?: Redact): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'string') {
    const redacted = redact?.(input);
    if (redacted !== undefined) return redacted;
    return JSON.stringify(input.length > 80 ? `${input.slice(0, 77)}...` : input);
  }
  if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint') return String(input);
  if (Array.isArray(input)) return `a list of ${input.length}`;
  if (typeof input === 'object') return `an object with ${Object.keys(input).join(', ') || 'no fields'}`;
  return typeof input;
}
