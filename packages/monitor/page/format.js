/** Text formats the page shares: durations, times, hashes. Pure, so the tests can run them too. */

/**
 * A duration in the largest two units that matter: `45s`, `3m 12s`, `2h 05m`, `2d 03h`.
 * @param {number} seconds
 * @returns {string}
 */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86_400)}d ${pad(Math.floor(s / 3600) % 24)}h`;
}

/**
 * A unix time as `YYYY-MM-DD HH:MM:SS` UTC.
 * @param {number} unixSeconds
 * @returns {string}
 */
export function formatTime(unixSeconds) {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A hash or address cut to its ends: `0x1234…abcd`.
 * @param {string} hex
 * @returns {string}
 */
export function shortHex(hex) {
  return hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`;
}

/**
 * `in 3m 12s` or `5s ago`, relative to `now`.
 * @param {number} at
 * @param {number} now
 * @returns {string}
 */
export function relative(at, now) {
  return at >= now ? `in ${formatDuration(at - now)}` : `${formatDuration(now - at)} ago`;
}

/** @param {number} n */
function pad(n) {
  return String(n).padStart(2, '0');
}
