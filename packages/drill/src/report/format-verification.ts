/**
 * The checker's verdict (`--verify`) for a person: one line when every figure matched the chains,
 * else each mismatch with what the report said and what the chain shows.
 */
import type { ReportVerification } from '../types.js';

export function formatVerification(verification: ReportVerification): string {
  const failed = verification.checks.filter((check) => !check.passed);
  if (failed.length === 0) {
    return `  ✓ verified: ${verification.checks.length} figures recomputed from the chains, all match`;
  }
  return [
    `  ✗ verify: ${failed.length} of ${verification.checks.length} figures differ from what the chains show`,
    ...failed.map((check) => `    ${check.chain ?? 'all chains'} · ${check.check}: ${check.detail}`),
  ].join('\n');
}
