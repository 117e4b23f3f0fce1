import { describe, expect, it } from 'vitest';
import { faultIssues, parseWithFault } from '../../../testing/scenarios.js';

const VALID = {
  kind: 'sequencer-outage',
  target: 'optimism',
  trigger: { after: 'delivered' },
  durationSeconds: 86400,
  forceInclusionDelaySeconds: 43200,
};
const parse = (fault: Record<string, unknown>) => parseWithFault({ ...VALID, ...fault });
const problems = (fault: Record<string, unknown>) => faultIssues({ ...VALID, ...fault });

describe('sequencer-outage scenario entry', () => {
  it('takes an outage on an L2 from delivery or activation, with its forced-inclusion delay', () => {
    expect(parse({}).faults[0]).toMatchObject({ kind: 'sequencer-outage', forceInclusionDelaySeconds: 43200 });
    expect(parse({ trigger: { after: 'activation', delaySeconds: 10 } }).faults[0]).toMatchObject({
      trigger: { after: 'activation', delaySeconds: 10 },
    });
  });

  it.each([[0], [-1], [1.5], [604801]])('refuses a forced-inclusion delay of %s with the fix', (delay) => {
    const [issue] = problems({ forceInclusionDelaySeconds: delay });
    expect(issue).toMatch(
      /^faults\[0\]\.forceInclusionDelaySeconds: .* — set the whole seconds after which a transaction sent through L1 is included/,
    );
  });

  it('needs the forced-inclusion delay and a duration', () => {
    expect(problems({ forceInclusionDelaySeconds: undefined }).join('\n')).toContain(
      'faults[0].forceInclusionDelaySeconds',
    );
    expect(problems({ durationSeconds: 0 }).join('\n')).toMatch(
      /faults\[0\]\.durationSeconds: .* — set the virtual seconds/,
    );
  });

  it('refuses the hub as target, and a trigger before every chain has its message', () => {
    expect(problems({ target: 'ethereum' })).toContain(
      'faults[0].target: the hub, "ethereum", is the L1 that forced inclusion goes through: it has no sequencer — set target to an L2 the proposal sends to',
    );
    expect(problems({ trigger: { after: 'dispatched' } })).toEqual([
      'faults[0].trigger.after: a sequencer outage starts once every chain has its message (earlier, the relayer would have to force its delivery through L1 too, which the drill does not model) — trigger it "after": "delivered" or "activation"',
    ]);
  });
});
