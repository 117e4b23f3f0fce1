import { describe, expect, it } from 'vitest';
import { faultIssues, parseWithFault } from '../../../testing/scenarios.js';

const VALID = { kind: 'clock-skew', target: 'optimism', trigger: { after: 'delivered' }, offsetSeconds: -90 };
const parse = (fault: Record<string, unknown>) => parseWithFault({ ...VALID, ...fault });
const problems = (fault: Record<string, unknown>) => faultIssues({ ...VALID, ...fault });

describe('clock-skew scenario entry', () => {
  it('takes a lag or a lead in whole seconds', () => {
    expect(parse({}).faults[0]).toMatchObject({ kind: 'clock-skew', offsetSeconds: -90 });
    expect(parse({ offsetSeconds: 3600 }).faults[0]).toMatchObject({ offsetSeconds: 3600 });
  });

  it.each([[0], [1.5], [3601], [-3601]])('refuses an offset of %s with the fix', (offsetSeconds) => {
    const [issue] = problems({ offsetSeconds });
    expect(issue).toMatch(/^faults\[0\]\.offsetSeconds: .* — set the whole seconds the chain's clock leads/);
  });

  it('refuses skewing the hub, and a trigger other than delivered', () => {
    expect(problems({ target: 'ethereum' }).join('\n')).toContain('"ethereum", is the clock the others are measured');
    expect(problems({ trigger: { after: 'dispatched' } })).toEqual([
      'faults[0].trigger.after: a clock skew starts once the message is delivered (earlier, the relay would run on the skewed clock too) — trigger it "after": "delivered"',
    ]);
  });

  it('has no duration: a skewed clock cannot come back without going backwards or jumping', () => {
    expect(problems({ durationSeconds: 60 }).join('\n')).toContain('durationSeconds');
  });
});
