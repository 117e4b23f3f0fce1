/**
 * The scenario's `system`: the team's own Foundry contracts a local drill deploys and upgrades
 * instead of the example vault. Only the shape is checked here; the artifacts, signatures and
 * values are checked against `out/` before any chain starts (`engine/own-system/resolve-system.ts`).
 */
import { z } from 'zod';
import { addIssue } from '../scenario-fields.js';

/** A forge artifact id: `path/to/File.sol:Contract`. */
const artifactId = z.string().regex(/^[^:\s]+\.sol:[A-Za-z_$][A-Za-z0-9_$]*$/, {
  message: 'is not a forge artifact id (path/to/File.sol:Contract)',
});
const signature = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*\([^()]*\)$/, {
  message: 'is not a function signature (name(type,type), e.g. "initialize(address,uint256)")',
});
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const value = z.union([scalar, z.array(scalar)]);
const call = { signature, args: z.array(value).default([]) };

export const ownSystemShape = {
  project: z.string().min(1).default('.'),
  current: artifactId,
  release: artifactId,
  proxy: z.strictObject({
    kind: z.enum(['uups', 'transparent']),
    initializer: z.strictObject(call).optional(),
  }),
  health: z.strictObject({
    calls: z
      .array(
        z
          .strictObject({ ...call, returns: z.array(value).optional(), reverts: z.string().optional() })
          .refine((check) => (check.returns === undefined) !== (check.reverts === undefined), {
            message: 'needs exactly one of "returns" (the expected values) or "reverts" (an error name, or "")',
          }),
      )
      .min(1),
  }),
  healthTests: z
    .strictObject({
      test: artifactId,
      env: z
        .record(
          z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'is not an environment variable name' }),
          z.string(),
        )
        .default({}),
    })
    .optional(),
};

export const ownSystemSchema = z.strictObject(ownSystemShape);

/** A scenario with `system` upgrades it: the pauses act on the example vault, overrides name vault builds. */
export function checkSystem(
  scenario: { system?: unknown; proposal: { kind: string; overrides?: unknown[] } },
  ctx: z.RefinementCtx,
): void {
  if (!scenario.system) return;
  if (scenario.proposal.kind !== 'upgrade')
    addIssue(
      ctx,
      ['proposal', 'kind'],
      `is "${scenario.proposal.kind}", but a scenario with your own system only upgrades it`,
      'set proposal.kind to "upgrade", or remove system to drill the example vault',
    );
  if (scenario.proposal.overrides?.length)
    addIssue(
      ctx,
      ['proposal', 'overrides'],
      'names example-vault builds, but your own system’s chains all go to system.release',
      'remove proposal.overrides',
    );
}
