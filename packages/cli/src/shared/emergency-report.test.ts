import type { EmergencyDelivery } from '@lockstep/core/emergency';
import { describe, expect, it } from 'vitest';
import { emergencyLine, emergencyWarning } from './emergency-report.js';

const A = '0x00000000000000000000000000000000000000aA';
const B = '0x00000000000000000000000000000000000000bB';
const C = '0x00000000000000000000000000000000000000cC';

describe('emergency report', () => {
  it('names every target’s outcome, applied ones as paused/unpaused', () => {
    const pause: EmergencyDelivery = {
      pause: true,
      targets: [
        { target: A, pause: true, outcome: 'applied' },
        { target: B, pause: true, outcome: 'unchanged' },
      ],
      problems: [],
    };
    expect(emergencyLine('arbitrum', pause)).toBe(`pause on arbitrum: ${A} paused, ${B} already paused`);
    expect(emergencyWarning('arbitrum', '0x01', pause)).toBeUndefined();
  });

  it('a delivery with targets not registered, failed or stale warns, naming each of them', () => {
    const unpause: EmergencyDelivery = {
      pause: false,
      targets: [
        { target: A, pause: false, outcome: 'applied' },
        { target: B, pause: false, outcome: 'failed' },
        { target: C, pause: false, outcome: 'stale' },
      ],
      problems: [
        { target: B, pause: false, outcome: 'failed' },
        { target: C, pause: false, outcome: 'stale' },
      ],
    };
    expect(emergencyLine('optimism', unpause)).toBe(`unpause on optimism: ${A} unpaused, ${B} failed, ${C} stale`);
    expect(emergencyWarning('optimism', '0x01', unpause)).toBe(
      `unpause 0x01 on optimism was delivered, but 2 of 3 target(s) were NOT unpaused: ${B} (failed), ${C} (stale) — check each target (registered with the receiver? pausable? a newer pause?)`,
    );
  });
});
