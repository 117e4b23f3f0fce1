/** The config schemas' one way to add a cross-field issue: a `custom` issue carrying its fix. */
import type { z } from 'zod';

/** A `custom` issue with the fix a person should apply (`format-issues.ts` prints "path: problem — fix"). */
export function addIssue(
  ctx: z.RefinementCtx,
  path: readonly PropertyKey[],
  problem: string,
  fix: string,
  input?: unknown,
): void {
  ctx.addIssue({ code: 'custom', message: problem, path: [...path], params: { fix }, input });
}
