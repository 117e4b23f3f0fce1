/**
 * Finds key material written straight into a config: a 32-byte hex string (a private key, with or
 * without 0x) or a 12-to-24-word phrase (a mnemonic). Such a config is refused outright; keys come
 * from environment variables or encrypted keystores.
 */
import type { ConfigIssue } from '../errors/config.js';
import { formatPath } from './format-issues.js';

const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;
const MNEMONIC = /^[a-z]+(\s+[a-z]+){11,23}$/;

const KEY_FIX =
  "never write a private key in the config: export it in an environment variable and write { env: 'VAR_NAME' }, or use an encrypted keystore { keystore: './key.json', passphraseEnv: 'VAR_NAME' }";
const MNEMONIC_FIX =
  "never write a mnemonic in the config: export it in an environment variable and write { mnemonicEnv: 'VAR_NAME', index: 0 }";

/** One issue per string in `input` that looks like key material. The value is never quoted. */
export function findSecrets(input: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const visit = (value: unknown, path: PropertyKey[], depth: number): void => {
    if (depth > 32) return;
    if (typeof value === 'string') {
      const text = value.trim();
      if (PRIVATE_KEY.test(text)) {
        issues.push({
          path: formatPath(path),
          problem: 'looks like a plain private key (refused, not shown)',
          fix: KEY_FIX,
        });
      } else if (MNEMONIC.test(text)) {
        issues.push({
          path: formatPath(path),
          problem: 'looks like a mnemonic phrase (refused, not shown)',
          fix: MNEMONIC_FIX,
        });
      }
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, [...path, i], depth + 1);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key], depth + 1);
    }
  };
  visit(input, [], 0);
  return issues;
}
