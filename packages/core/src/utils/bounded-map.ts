/**
 * Memos that stay small: a map that holds at most a given number of entries, the oldest set going
 * first (insertion order). For results worth keeping in a long-running process whose inputs it does
 * not choose (recovered signers, code hashes, domain separators, shared transports).
 */

/** Sets `key` to `value` in `map`, first letting the oldest entry go when `map` already holds `limit` others. Returns `value`. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): V {
  if (map.size >= limit && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
  return value;
}
