import { ConfigError, type ConfigErrorType } from '../errors/config.js';
import { findSecrets } from './find-secrets.js';
import { formatIssues } from './format-issues.js';
import { type LockstepConfig, lockstepConfigSchema } from './schema.js';

export type ParseConfigParameters = {
  /** The file the value came from, named in errors. */
  file?: string;
};

export type ParseConfigReturnType = LockstepConfig;

export type ParseConfigErrorType = ConfigErrorType;

/**
 * Validates a config value (already read from a file or written in code).
 *
 * Throws one `ConfigError` listing every mistake, each as "path: problem — fix". Key material
 * written into the config (a private key or a mnemonic, anywhere) is refused and never quoted.
 *
 * @example
 * const config = parseConfig(JSON.parse(text), { file: 'lockstep.config.json' })
 */
export function parseConfig(input: unknown, parameters: ParseConfigParameters = {}): ParseConfigReturnType {
  const secrets = findSecrets(input);
  const result = lockstepConfigSchema.safeParse(input, { reportInput: true });
  if (secrets.length === 0 && result.success) return result.data;
  // A field holding key material is reported once, by `findSecrets`, never with its value.
  const schemaIssues = result.success
    ? []
    : formatIssues(result.error.issues).filter((issue) => !secrets.some((secret) => related(secret.path, issue.path)));
  throw new ConfigError({ issues: [...secrets, ...schemaIssues], file: parameters.file });
}

/** Whether one path is the other, or inside it (`keys.council` and `keys.council[0].env`). */
function related(a: string, b: string): boolean {
  const within = (inner: string, outer: string) =>
    inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return within(a, b) || within(b, a);
}
