import { describe, expect, it } from 'vitest';
import { formatVerification } from './format-verification.js';

describe('formatVerification', () => {
  it('one line when every figure matches', () => {
    const line = formatVerification({
      passed: true,
      checks: [{ chain: 'optimism', check: 'switch', passed: true, detail: 'block 9 at 1 = block 9 at 1' }],
    });
    expect(line).toBe('  ✓ verified: 1 figures recomputed from the chains, all match');
  });

  it('each mismatch with the report and the chain side', () => {
    const text = formatVerification({
      passed: false,
      checks: [
        { chain: 'polygon', check: 'loss', passed: false, detail: 'report block 90 at 1000, chain block 90 at 1002' },
        { chain: null, check: 'vulnerability window', passed: false, detail: 'report 3 s, chains 5 s' },
        { chain: 'arbitrum', check: 'switch', passed: true, detail: 'ok' },
      ],
    });
    expect(text.split('\n')).toEqual([
      '  ✗ verify: 2 of 3 figures differ from what the chains show',
      '    polygon · loss: report block 90 at 1000, chain block 90 at 1002',
      '    all chains · vulnerability window: report 3 s, chains 5 s',
    ]);
  });
});
