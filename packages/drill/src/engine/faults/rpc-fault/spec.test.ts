import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenario/parse-scenario.js';

const chains = [
  { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub' },
  { name: 'optimism', chainId: 10, blockTime: 2 },
];

/** A scenario with one rpc-fault entry (`fault` over a valid one). */
function parse(fault: Record<string, unknown>) {
  return parseScenario({
    name: 'test',
    description: 'A test drill.',
    chains,
    faults: [
      {
        kind: 'rpc-fault',
        target: 'optimism',
        trigger: { after: 'dispatched' },
        mode: 'error',
        durationSeconds: 60,
        ...fault,
      },
    ],
  });
}

function problems(fault: Record<string, unknown>): string {
  try {
    parse(fault);
    return '';
  } catch (error) {
    return String(error);
  }
}

describe('rpc-fault scenario entry', () => {
  it('defaults to every actor, half the requests and 500 ms', () => {
    expect(parse({}).faults[0]).toMatchObject({
      actors: ['relayer', 'keeper', 'guardians'],
      rate: 0.5,
      latencyMs: 500,
    });
  });

  it('refuses an unknown mode, a rate outside (0, 1], an unknown or repeated actor, with the fix', () => {
    expect(problems({ mode: 'flood' })).toMatch(/faults\[0\]\.mode.*choose one of error, timeout, latency, drop/s);
    expect(problems({ rate: 0 })).toMatch(/faults\[0\]\.rate.*share of requests hit/s);
    expect(problems({ rate: 1.5 })).toMatch(/faults\[0\]\.rate/);
    expect(problems({ actors: ['sequencer'] })).toMatch(
      /faults\[0\]\.actors\[0\]: expected "relayer" or "keeper" or "guardians"/,
    );
    expect(problems({ actors: ['keeper', 'keeper'] })).toMatch(
      /faults\[0\]\.actors: names an actor twice — list each actor once/,
    );
    expect(problems({ durationSeconds: 0 })).toMatch(/faults\[0\]\.durationSeconds/);
  });
});
