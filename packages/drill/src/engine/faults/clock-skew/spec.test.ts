import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenario/parse-scenario.js';
import { ScenarioError } from '../../../scenario/scenario-error.js';

const chains = [
  { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub' },
  { name: 'optimism', chainId: 10, blockTime: 2 },
];

/** A scenario with one clock-skew entry (`fault` over a valid one). */
function parse(fault: Record<string, unknown>) {
  return parseScenario({
    name: 'test',
    description: 'A test drill.',
    chains,
    faults: [{ kind: 'clock-skew', target: 'optimism', trigger: { after: 'delivered' }, offsetSeconds: -90, ...fault }],
  });
}

/** The "path: problem — fix" lines of the scenario error, or [] when it parses. */
function problems(fault: Record<string, unknown>): string[] {
  try {
    parse(fault);
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.issues.map((i) => `${i.path}: ${i.problem} — ${i.fix}`);
  }
}

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
