/**
 * What a fault kind declares about its scenario entry (each `<kind>/spec.ts`): the zod shape of its
 * `faults[]` entry, the cross-field rules it adds to the scenario's, and the fixes its own fields
 * get in scenario error messages. Declarations only: the effect (injection and hooks) lives in the
 * kind's `effect.ts`, so the scenario and report types can derive from the declarations without
 * depending on the engine.
 */
import { z } from 'zod';
import type { trigger } from '../../scenario-fields.js';
import type { ProposalKind } from '../../types.js';

/** What a fault's cross-field rules see of the rest of the scenario. */
export type FaultCheckEnv = {
  readonly guardiansSize: number;
  /** The hub chain's name. */
  readonly hubName: string;
  readonly proposalKind: ProposalKind;
  /** Adds an issue at `faults[i]` + `path`, with the fix a person should apply. */
  report(path: readonly PropertyKey[], problem: string, fix: string): void;
};

/** The fields every fault entry has: its `kind` and its `trigger`. */
type BaseShape<K extends string> = { kind: z.ZodLiteral<K>; trigger: typeof trigger };

export type FaultSpecParameters<K extends string, S extends BaseShape<K>> = {
  kind: K;
  /** Its `faults[]` entry (strict: unknown fields are refused); fields in the order a person writes them. */
  shape: S;
  /** Its `target` must be a chain the proposal sends to (else the fault could never happen there). */
  targetsProposal?: boolean;
  /** Fixes for its own fields in scenario error messages, by field name (`durationSeconds`). */
  fixes?: Readonly<Record<string, string>>;
  /** Its cross-field rules (after the generic ones: the target exists and is proposed). */
  check?: (fault: z.output<z.ZodObject<S, z.core.$strict>>, env: FaultCheckEnv) => void;
};

export type FaultSpec<K extends string, S extends BaseShape<K>> = FaultSpecParameters<K, S> & {
  schema: z.ZodObject<S, z.core.$strict>;
};

export function defineFaultSpec<const K extends string, S extends BaseShape<K>>(
  parameters: FaultSpecParameters<K, S>,
): FaultSpec<K, S> {
  return { ...parameters, schema: z.strictObject(parameters.shape) };
}

/** The fix for a fault's `durationSeconds` (the kinds that last a while share it). */
export const DURATION_FIX = 'set the virtual seconds the fault lasts (more than 0)';
