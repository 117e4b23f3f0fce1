/** The keeper's execution on a down chain, as a transaction the outage includes (forced or queued). */
import { KEY_INDEX, testAccount } from '../../../setup/keys.js';
import { submitExecution } from '../../defenders/keeper.js';
import type { ChainState, DrillContext } from '../../drill-context.js';
import { settleExecution } from '../../phases/execute/outcome.js';
import { executionTakeover } from '../schedule.js';
import type { OutageTransaction } from './outage.js';

/** The keeper's `execute` of `state`'s message, sent at `sentAt` (virtual). */
export function keeperExecution(ctx: DrillContext, state: ChainState, sentAt: number): OutageTransaction {
  return {
    by: 'keeper',
    what: 'execute',
    from: testAccount(KEY_INDEX.relayer).address,
    sentAt,
    submit: async (at) => {
      const execution = await submitExecution(ctx, state, at, () => executionTakeover(ctx.faults, state));
      if (!execution) return undefined;
      return async () => {
        const report = await execution();
        if (report) await settleExecution(ctx, state, report, at);
      };
    },
  };
}
