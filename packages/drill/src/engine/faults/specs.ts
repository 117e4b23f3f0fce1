/**
 * The fault kinds' declarations, in the order the documentation and error messages list them: the
 * scenario's `faults[]` schema, the `Fault` type, `FAULT_KINDS`, the cross-field rules and the
 * fixes of the kinds' own fields are all derived from this list. A new kind adds its `spec.ts`
 * here and its `effect.ts` to `effects.ts` (the compiler asks for it).
 */
import { z } from 'zod';
import { clockSkewSpec } from './clock-skew/spec.js';
import { crashRelayerSpec } from './crash-relayer/spec.js';
import { delayMessageSpec } from './delay-message/spec.js';
import { dropMessageSpec } from './drop-message/spec.js';
import { equivocatingGuardianSpec } from './equivocating-guardian/spec.js';
import { gasSpikeSpec } from './gas-spike/spec.js';
import { haltChainSpec } from './halt-chain/spec.js';
import { hubReorgSpec } from './hub-reorg/spec.js';
import { killGuardiansSpec } from './kill-guardians/spec.js';
import { mutateImplementationSpec } from './mutate-implementation/spec.js';
import { revertExecutionSpec } from './revert-execution/spec.js';
import { rotateGuardiansSpec } from './rotate-guardians/spec.js';
import { rpcFaultSpec } from './rpc-fault/spec.js';
import { sequencerOutageSpec } from './sequencer-outage/spec.js';
import type { FaultCheckEnv } from './spec.js';

export const FAULT_SPECS = [
  dropMessageSpec,
  haltChainSpec,
  killGuardiansSpec,
  crashRelayerSpec,
  revertExecutionSpec,
  mutateImplementationSpec,
  rotateGuardiansSpec,
  delayMessageSpec,
  equivocatingGuardianSpec,
  rpcFaultSpec,
  gasSpikeSpec,
  hubReorgSpec,
  clockSkewSpec,
  sequencerOutageSpec,
] as const;

type FaultSpecs = typeof FAULT_SPECS;
type AnyFaultSpec = FaultSpecs[number];

/** A tuple mapped member by member (a generic mapped type keeps the tuple's length and order). */
type KindsOf<T extends readonly unknown[]> = { [I in keyof T]: T[I] extends { kind: infer K } ? K : never };
type SchemasOf<T extends readonly unknown[]> = { [I in keyof T]: T[I] extends { schema: infer S } ? S : never };

/** Every fault kind, in the registry's order. */
export const FAULT_KINDS = FAULT_SPECS.map((spec) => spec.kind) as unknown as KindsOf<FaultSpecs>;

type FaultSchemas = SchemasOf<FaultSpecs>;
/** A scenario's `faults[]` entry: one strict object per kind, told apart by `kind`. */
export const faultSchema = z.discriminatedUnion<FaultSchemas, 'kind'>(
  'kind',
  // The same list, each declaration's schema: a tuple of the same length and order.
  FAULT_SPECS.map((spec) => spec.schema) as unknown as FaultSchemas,
);

/** Everything the engine can break, by kind (`target` names a chain unless said otherwise). */
export type Fault = z.output<typeof faultSchema>;
export type FaultKind = Fault['kind'];
/** The fault of one kind. */
export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;

/** Each kind's entry shape, by kind (the scenario formatter lists their fields). */
export const faultShapes = Object.fromEntries(FAULT_SPECS.map((spec) => [spec.kind, spec.shape])) as {
  [S in AnyFaultSpec as S['kind']]: S['shape'];
};

/** The fixes of the kinds' own fields, by path as the scenario formatter writes it (`faults[].count`). */
export const FAULT_FIELD_FIXES: Readonly<Record<string, string>> = Object.fromEntries(
  FAULT_SPECS.flatMap((spec) => Object.entries(spec.fixes ?? {}).map(([field, fix]) => [`faults[].${field}`, fix])),
);

/** The kind's declaration. */
export function faultSpec(kind: FaultKind): AnyFaultSpec {
  const spec = FAULT_SPECS.find((s) => s.kind === kind);
  if (!spec) throw new Error(`unknown fault kind ${kind}`);
  return spec;
}

/** Whether a fault's `target` must be a chain the proposal sends to. */
export function targetsProposal(fault: Fault): boolean {
  return faultSpec(fault.kind).targetsProposal === true;
}

/** Runs the fault's own cross-field rules. */
export function checkFault(fault: Fault, env: FaultCheckEnv): void {
  // The declaration found by `fault.kind` declares exactly this fault's shape.
  const check = faultSpec(fault.kind).check as ((fault: Fault, env: FaultCheckEnv) => void) | undefined;
  check?.(fault, env);
}
