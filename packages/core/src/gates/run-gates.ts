import { ProposalError } from '../errors/proposal.js';
import type { GateRecord } from '../proposal/document.js';
import type { GateContext, ProposalGate } from './types.js';

export type RunGatesParameters = {
  gates: readonly ProposalGate[];
  /** Reasons to go on past a failed gate, by gate name (recorded in the proposal file). */
  overrides?: Readonly<Record<string, string>>;
  /** Clock for `checkedAt`/`override.at` (tests). */
  now?: () => Date;
};

/**
 * Runs `gates` in order over `context.document` and returns one record per gate. A failed gate
 * with an override reason becomes `overridden` (if the gate allows it). A gate that throws is
 * `failed` with the error as its finding: a broken check never passes. An override naming no gate,
 * or a gate that did not fail, is refused, so a typo cannot silently skip a check.
 */
export async function runGates(context: GateContext, parameters: RunGatesParameters): Promise<GateRecord[]> {
  const { gates, overrides = {}, now = () => new Date() } = parameters;
  for (const name of Object.keys(overrides)) {
    if (!gates.some((g) => g.name === name)) {
      throw new ProposalError(`--override names no gate "${name}"`, {
        reason: 'invalid-file',
        metaMessages: [`gates: ${gates.map((g) => g.name).join(', ')}`],
      });
    }
  }
  const records: GateRecord[] = [];
  for (const gate of gates) {
    const checkedAt = now().toISOString();
    let outcome: Awaited<ReturnType<ProposalGate['run']>>;
    try {
      outcome = await gate.run(context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = {
        status: 'failed',
        summary: `the check could not run: ${message}`,
        findings: [{ severity: 'error', subject: gate.name, message }],
      };
    }
    const reason = overrides[gate.name];
    if (reason !== undefined && outcome.status !== 'failed') {
      throw new ProposalError(`--override ${gate.name}: the gate ${outcome.status}; there is nothing to override`, {
        reason: 'invalid-file',
      });
    }
    if (reason !== undefined && !gate.overridable) {
      throw new ProposalError(`the gate ${gate.name} cannot be overridden: ${outcome.summary}`, {
        reason: 'gate-failed',
      });
    }
    records.push(
      reason === undefined
        ? { name: gate.name, ...outcome, checkedAt }
        : { name: gate.name, ...outcome, status: 'overridden', override: { reason, at: checkedAt }, checkedAt },
    );
  }
  return records;
}

/** Throws `ProposalError` (`gate-failed`) listing every failed gate's findings and the way past it. */
export function assertGatesPassed(records: readonly GateRecord[], gates: readonly ProposalGate[]): void {
  const failed = records.filter((r) => r.status === 'failed');
  if (failed.length === 0) return;
  const lines = failed.flatMap((r) => {
    const gate = gates.find((g) => g.name === r.name);
    const way = gate?.overridable
      ? `fix it, or go on with --override ${r.name}="<reason>" (recorded in the proposal file)`
      : 'fix it: this gate cannot be overridden';
    return [
      `${r.name}: ${r.summary} — ${way}`,
      ...r.findings
        .filter((f) => f.severity === 'error')
        .map((f) => `  ${f.chainId === undefined ? '' : `chain ${f.chainId}: `}${f.subject}: ${f.message}`),
    ];
  });
  throw new ProposalError(`${failed.length} safety gate(s) failed; nothing was proposed or signed`, {
    reason: 'gate-failed',
    metaMessages: lines,
  });
}
