/**
 * "Did you mean": the fix for an unknown field, from the fields its object knows. A known field
 * the key starts (`timelockDelay` → `timelockDelaySeconds`) or one a few edits away (Levenshtein,
 * case-insensitive, via `fastest-levenshtein`) is suggested; otherwise the known fields are listed.
 */
import { distance } from 'fastest-levenshtein';

export function unknownFieldFix(key: string, known: readonly string[]): string {
  const lower = key.toLowerCase();
  const close = known
    .map((name) => {
      const other = name.toLowerCase();
      return { name, d: other.startsWith(lower) ? 1 : distance(lower, other) };
    })
    .filter(({ d }) => d <= Math.max(2, Math.floor(key.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  if (close) return `rename it to "${close.name}"`;
  return known.length ? `remove it (known fields: ${known.join(', ')})` : 'remove it';
}

/** The names of `known` closest to `key` (case-insensitive Levenshtein, or starting with it), best first, at most `max`. */
export function closeNames(key: string, known: readonly string[], max = 3): string[] {
  const lower = key.toLowerCase();
  return known
    .map((name) => {
      const other = name.toLowerCase();
      return { name, d: other.startsWith(lower) || lower.startsWith(other) ? 1 : distance(lower, other) };
    })
    .filter(({ d }) => d <= Math.max(2, Math.floor(key.length / 3)))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, max)
    .map(({ name }) => name);
}
