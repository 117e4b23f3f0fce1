import { describe, expect, it } from 'vitest';
import { formatMatrix } from './format-matrix.js';
import type { RunForkMatrixReturnType } from './run-fork-matrix.js';

describe('formatMatrix', () => {
  it('prints one aligned row per chain, every failed check with its reason, and a closing count', () => {
    const matrix: RunForkMatrixReturnType = {
      scenario: 'happy-path',
      runId: 'r1',
      ok: false,
      concurrency: 2,
      buildMs: 1200,
      wallMs: 20_500,
      chains: [
        {
          chain: 'ethereum',
          chainId: 1,
          result: 'pass',
          passed: 11,
          failed: 0,
          skipped: 0,
          wallMs: 8000,
          failures: [],
        },
        {
          chain: 'arbitrum',
          chainId: 42161,
          result: 'fail',
          passed: 8,
          failed: 3,
          skipped: 0,
          wallMs: 7900,
          failures: [{ test: 'PostUpgradeForkTest.test_VersionIsTheNewOne()', reason: 'version(): 1 != 2' }],
        },
        {
          chain: 'polygon',
          chainId: 137,
          result: 'error',
          passed: 0,
          failed: 0,
          skipped: 0,
          wallMs: 40,
          failures: [],
          error: 'anvil did not start',
        },
      ],
    };
    expect(formatMatrix(matrix)).toBe(
      [
        'chain     chain id  result  passed  failed  skipped  wall ms',
        '--------  --------  ------  ------  ------  -------  -------',
        'ethereum  1         pass    11      0       0        8000',
        'arbitrum  42161     fail    8       3       0        7900',
        'polygon   137       error   0       0       0        40',
        '',
        '  ✗ arbitrum: PostUpgradeForkTest.test_VersionIsTheNewOne() — version(): 1 != 2',
        '  ✗ polygon: anvil did not start',
        '',
        '1 of 3 chains passed · matrix 20.5 s (forge build 1.2 s, 2 at a time)',
      ].join('\n'),
    );
  });
});
