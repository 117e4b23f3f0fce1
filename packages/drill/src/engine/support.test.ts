import { describe, expect, it } from 'vitest';
import { fourChainScenario } from '../testing/scenarios.js';
import { assertSupported, DrillUnsupportedError } from './support.js';

describe('assertSupported', () => {
  it('accepts the upgrade drills the engine runs', () => {
    expect(() => assertSupported(fourChainScenario())).not.toThrow();
    expect(() =>
      assertSupported(
        fourChainScenario({
          faults: [
            {
              kind: 'kill-guardians',
              count: 8,
              trigger: { after: 'dispatched', delaySeconds: 0 },
              durationSeconds: 60,
            },
          ],
        }),
      ),
    ).not.toThrow();
  });

  it.each([
    [
      'a guardian rotation',
      fourChainScenario({ faults: [{ kind: 'rotate-guardians', trigger: { after: 'dispatched', delaySeconds: 0 } }] }),
      /guardian-set rotation/,
    ],
  ])('refuses %s before anything starts, naming what is missing', (_, scenario, message) => {
    const error = (() => {
      try {
        assertSupported(scenario);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DrillUnsupportedError);
    expect((error as Error).message).toMatch(message);
  });
});
