/**
 * Field paths as a person writes them in a document (`networks[2].chainId`), and their normalized
 * form used to look fields up in a document's tables (`networks[].chainId`).
 *
 * zod's own `z.core.toDotPath` is not used: it quotes keys that are not JS identifiers
 * (`maxFundsLostWeiPerChain["arbitrum-one"]`), while these paths name fields as written in the file.
 */
export type Path = readonly PropertyKey[];

/** `['networks', 2, 'chainId']` → `networks[2].chainId`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/**
 * List indices become `[]`. Below a record (a path in `records`, whose keys are names chosen by
 * the author, such as key roles or chain names), the key becomes `*` and list indices disappear:
 * with `records: ['keys']`, `keys.council[0].env` → `keys.*.env`.
 */
export function normalizePath(path: Path, records: readonly string[] = []): string {
  for (const record of records) {
    const depth = record.split('.').length;
    if (path.length > depth && formatPath(path.slice(0, depth)) === record) {
      const rest = path.slice(depth + 1).filter((segment) => typeof segment !== 'number');
      return formatPath([...path.slice(0, depth), '*', ...rest]);
    }
  }
  return formatPath(path).replace(/\[\d+\]/g, '[]');
}
