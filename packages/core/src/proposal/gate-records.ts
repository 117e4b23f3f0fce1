/**
 * The safety gates' records in a proposal file: `recordGates` runs the gates over the document and
 * returns it with their records (what reviewers of the file see was checked, and every override's
 * reason). Overrides already recorded in the file carry over to a re-run (`proposal check`,
 * `propose --file`), so a reason given once at drafting need not be repeated, but only for a gate
 * that still fails: one that now passes simply passes.
 */
import { runGates } from '../gates/run-gates.js';
import type { GateContext, ProposalGate } from '../gates/types.js';
import type { GateRecord, ProposalDocument } from './document.js';

export type RecordGatesParameters = {
  gates: readonly ProposalGate[];
  /** Reasons given now (`--override gate=reason`), by gate name; they replace recorded ones. */
  overrides?: Readonly<Record<string, string>>;
  /** Clock for the records (tests). */
  now?: () => Date;
};

/** The override reasons recorded in `document`, by gate name. */
export function recordedOverrides(document: ProposalDocument): Record<string, string> {
  return Object.fromEntries(document.gates.flatMap((g) => (g.override ? [[g.name, g.override.reason]] : [])));
}

/**
 * Runs `gates` over `context.document` and returns the document with their records. A failed,
 * overridable gate whose override was recorded in the document before (and not given again now)
 * keeps that override, with its original time.
 */
export async function recordGates(
  context: GateContext,
  { gates, overrides = {}, now }: RecordGatesParameters,
): Promise<ProposalDocument> {
  const { document } = context;
  const records = await runGates(context, { gates, overrides, ...(now ? { now } : {}) });
  const carried = (record: GateRecord): GateRecord => {
    const previous = document.gates.find((g) => g.name === record.name)?.override;
    const gate = gates.find((g) => g.name === record.name);
    if (record.status !== 'failed' || !previous || !gate?.overridable || overrides[record.name] !== undefined) {
      return record;
    }
    return { ...record, status: 'overridden', override: previous };
  };
  return { ...document, gates: records.map(carried) };
}
