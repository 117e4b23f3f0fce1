/** `kill-guardians`: `count` guardian nodes stop; all restart after `durationSeconds` (if given). */
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

export const killGuardians: FaultEffect<FaultOf<'kill-guardians'>> = (ctx) => ({
  async inject(fault) {
    const { clock, recorder, scenario, guardians: pool } = ctx;
    const killed = await pool.kill(fault.count);
    const report = recorder.fault(
      'kill-guardians',
      'all',
      clock.now,
      `${killed.length} guardians stopped (${pool.running} of ${scenario.guardians.size} left, quorum ${scenario.guardians.quorum})`,
    );
    if (fault.durationSeconds === undefined) return;
    ctx.faults.clearAt.push({
      at: clock.now + fault.durationSeconds,
      clear: async () => {
        await pool.restartAll();
        recorder.clear(report, clock.now);
      },
    });
  },
});
