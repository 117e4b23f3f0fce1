/**
 * What a fault kind does in a drill (its `effect.ts`): started once per drill, at the first
 * injection of its kind, it injects each fault of that kind and implements the hooks the phases
 * call (`schedule.ts`), keeping whatever state it needs itself.
 */
import type { DrillContext } from '../drill-context.js';
import type { FaultHooks } from './schedule.js';
import type { Fault } from './specs.js';

export type FaultEffect<F extends Fault> = (ctx: DrillContext) => FaultHooks & { inject(fault: F): Promise<void> };
