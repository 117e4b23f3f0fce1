/** `mutate-implementation`: the approved implementation's code on the target becomes VaultV1's after approval. */
import { stateOf } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

export const mutateImplementation: FaultEffect<FaultOf<'mutate-implementation'>> = (ctx) => ({
  async inject(fault) {
    const { clock, recorder, addresses: a } = ctx;
    const state = stateOf(ctx.states, fault.target);
    const implementation = state.action?.implementation ?? a.vaultV2;
    const v1Code = await state.chain.client.getCode({ address: a.vaultV1 });
    await state.chain.client.setCode({ address: implementation, bytecode: v1Code ?? '0x' });
    recorder.fault(
      'mutate-implementation',
      fault.target,
      clock.now,
      `the code at ${implementation} on ${fault.target} changes after approval`,
    );
  },
});
