import { describe, expect, it } from 'vitest';
import { parseForgeTestJson } from './forge-json.js';

const result = (status: string, reason: string | null = null) => ({ status, reason, logs: [], duration: '1ms' });

describe('parseForgeTestJson', () => {
  it('counts passed, failed and skipped tests across suites and names each failure with its reason', () => {
    const document = {
      'test/fork/PostUpgrade.t.sol:PostUpgradeForkTest': {
        duration: '3ms',
        test_results: {
          'test_VersionIsTheNewOne()': result('Failure', 'version(): 1 != 2'),
          'test_VaultIsNotPaused()': result('Success'),
          'test_ReceiverRecordsTheUpgradeMessageExecuted()': result('Skipped', 'LOCKSTEP_MESSAGE_ID not set'),
        },
        warnings: [],
      },
      'test/fork/Other.t.sol:OtherTest': { test_results: { 'test_A()': result('Success') } },
    };
    const output = `Compiling 1 files\n${JSON.stringify(document)}\n`;
    expect(parseForgeTestJson(output)).toEqual({
      passed: 2,
      failed: 1,
      skipped: 1,
      failures: [{ test: 'PostUpgradeForkTest.test_VersionIsTheNewOne()', reason: 'version(): 1 != 2' }],
    });
  });

  it('returns undefined when forge printed no results (a compile error), never "0 failed"', () => {
    expect(parseForgeTestJson('Error: Compiler run failed:\nError (7576): Undeclared identifier.')).toBeUndefined();
    expect(parseForgeTestJson('{ not json')).toBeUndefined();
  });
});
