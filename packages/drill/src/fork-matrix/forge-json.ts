/**
 * Reads `forge test --json`: one JSON document mapping `<file>:<contract>` to its suite, each with
 * `test_results` keyed by test signature and a `status` of `Success`, `Failure` or `Skipped`.
 */

export type ForgeTestFailure = {
  /** `PostUpgradeForkTest.test_VersionIsTheNewOne()` */
  test: string;
  /** forge's reason (`version(): 1 != 2`, a revert, a setUp failure); empty when forge gave none. */
  reason: string;
};

export type ForgeTestCounts = {
  passed: number;
  failed: number;
  skipped: number;
  failures: ForgeTestFailure[];
};

type SuiteJson = { test_results?: Record<string, { status?: string; reason?: string | null }> };

/**
 * Counts the results in forge's `--json` output. Returns `undefined` when the output holds no
 * such document (forge could not compile or start), so callers never read "0 failed" as a pass.
 *
 * @example
 * const counts = parseForgeTestJson(stdout) // { passed: 11, failed: 0, skipped: 0, failures: [] }
 */
export function parseForgeTestJson(output: string): ForgeTestCounts | undefined {
  const results = parseForgeTestResults(output);
  if (!results) return undefined;
  const counts: ForgeTestCounts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const result of results) {
    if (result.status === 'pass') counts.passed++;
    else if (result.status === 'skip') counts.skipped++;
    else {
      counts.failed++;
      counts.failures.push({ test: result.test, reason: result.reason });
    }
  }
  return counts;
}

export type ForgeTestResult = ForgeTestFailure & { status: 'pass' | 'fail' | 'skip' };

/**
 * Every test in forge's `--json` output, in forge's order (`undefined` without such a document).
 *
 * @example
 * parseForgeTestResults(stdout) // [{ test: 'FeedTest.test_Version()', status: 'pass', reason: '' }]
 */
export function parseForgeTestResults(output: string): ForgeTestResult[] | undefined {
  const line = output.split('\n').find((l) => l.startsWith('{'));
  if (!line) return undefined;
  let suites: Record<string, SuiteJson>;
  try {
    suites = JSON.parse(line) as Record<string, SuiteJson>;
  } catch {
    return undefined;
  }
  const results: ForgeTestResult[] = [];
  for (const [suite, body] of Object.entries(suites)) {
    const contract = suite.split(':').at(-1) ?? suite;
    for (const [test, result] of Object.entries(body.test_results ?? {})) {
      const status = result.status === 'Success' ? 'pass' : result.status === 'Skipped' ? 'skip' : 'fail';
      results.push({ test: `${contract}.${test}`, status, reason: status === 'pass' ? '' : (result.reason ?? '') });
    }
  }
  return results;
}
