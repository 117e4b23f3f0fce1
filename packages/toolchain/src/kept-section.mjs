// @ts-check
/**
 * Generated reports (`docs/gas.md`, `docs/bench.md`) that also carry hand-written sections: the
 * part from `KEPT_MARKER` on is kept when `pnpm bench` rewrites the file.
 */

/** The line after which a generated report is written by hand and kept across `pnpm bench` runs. */
export const KEPT_MARKER = '<!-- written by hand below: kept by pnpm bench -->';

/**
 * The hand-written part of an existing report (from `KEPT_MARKER` on), or '' when it has none.
 * @param {string} existing
 * @returns {string}
 */
export function keptSection(existing) {
  const at = existing.indexOf(KEPT_MARKER);
  return at === -1 ? '' : `\n${existing.slice(at)}`;
}
