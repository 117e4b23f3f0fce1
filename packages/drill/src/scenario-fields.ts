/**
 * The scenario schema's building blocks that the fault declarations (`engine/faults/<kind>/spec.ts`)
 * share with `scenario/schema.ts`: field types (seconds, chain names, the trigger), the guardian
 * bound, chain selections and the issue helper the cross-field rules use. A leaf outside both
 * folders, so the schema reads the fault registry and the registry never reads back into
 * `scenario/`.
 */
import { z } from 'zod';
import { FLOW_EVENTS } from './flow-events.js';

export const UINT32_MAX = 2 ** 32 - 1;

/** What a scenario can propose (`ProposalKind` in types.ts says what each does). */
export const PROPOSAL_KINDS = ['upgrade', 'emergency-pause', 'presigned-pause'] as const;

/** Whether `kind` pauses every chain before the fix (an emergency drill: no implementation, no waves, no overrides). */
export const pausesFirst = (kind: (typeof PROPOSAL_KINDS)[number]): boolean => kind !== 'upgrade';

/** Guardian keys come from anvil's test mnemonic indices 10-24, then 30-33 (`guardianIndex`), so at most 19 guardians. */
export const MAX_SCENARIO_GUARDIANS = 19;

/** A `custom` issue with the fix a person should apply. */
export function addIssue(ctx: z.RefinementCtx, path: readonly PropertyKey[], problem: string, fix: string): void {
  ctx.addIssue({ code: 'custom', message: problem, path: [...path], params: { fix } });
}

export const seconds = z.number().min(0).max(UINT32_MAX);
/** Seconds that must be more than 0 (a duration). */
export const positiveSeconds = seconds.refine((value) => value > 0, { message: 'must be more than 0' });
export const chainName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/)
  .refine((value) => value !== 'all', { message: '"all" is reserved (it means every chain)' });

export const triggerShape = {
  after: z.enum(FLOW_EVENTS),
  delaySeconds: seconds.default(0),
};
export const trigger = z.strictObject(triggerShape);

/** Names of a chain selection (`'all'` resolved against `all`). */
export function selectChains(selection: 'all' | readonly string[], all: readonly string[]): string[] {
  return selection === 'all' ? [...all] : [...selection];
}
