/**
 * The storage-layout gate: every new implementation keeps the storage layout of the one its proxy
 * runs now (OpenZeppelin upgrades-core's comparison over forge's build info), so an upgrade cannot
 * read old state from the wrong slots. Overridable with a reason (recorded in the proposal file):
 * a deliberate migration can be reviewed and accepted.
 */
import type { ProposalAction } from '../proposal/document.js';
import { resolveArtifact } from './implementation-resolve.js';
import { validateContract } from './implementation-validation.js';
import { storageLayoutErrors } from './storage-layout-findings.js';
import type { GateContext, GateFinding, GateOutcome, ProposalGate } from './types.js';

export const storageLayoutGate: ProposalGate = {
  name: 'storage-layout',
  title: 'each new implementation keeps the storage layout of the implementation its proxy runs now',
  overridable: true,
  run: async (context) => {
    const findings: GateFinding[] = [];
    for (const action of context.document.actions) findings.push(...(await checkAction(context, action)));
    const failed = findings.filter((f) => f.severity === 'error');
    const actions = context.document.actions.length;
    return {
      status: failed.length ? 'failed' : 'passed',
      summary: failed.length
        ? `${failed.length} storage-layout problem(s) across ${actions} action(s)`
        : `${actions} action(s): every new implementation keeps the running one's storage layout`,
      findings,
    } satisfies GateOutcome;
  },
};

async function checkAction(context: GateContext, action: ProposalAction): Promise<GateFinding[]> {
  const previous = await resolveArtifact(context, action, 'previous');
  const next = await resolveArtifact(context, action, 'implementation');
  const findings = [previous.finding, next.finding];
  if (!previous.artifact || !next.artifact) return findings;
  const [before, after] = await Promise.all([
    validateContract(context.projectRoot, previous.artifact),
    validateContract(context.projectRoot, next.artifact),
  ]);
  const errors = storageLayoutErrors(before.layout, after.layout);
  const subject = `${action.label ?? action.proxy}: ${previous.artifact.id} → ${next.artifact.id}`;
  if (errors.length === 0) {
    const added = after.layout.storage.length - before.layout.storage.length;
    findings.push({
      severity: 'info',
      chainId: action.chainId,
      subject,
      message: `storage layout compatible (${after.layout.storage.length} variables${added > 0 ? `, ${added} appended` : ''})`,
    });
  }
  return [...findings, ...errors.map((e) => ({ ...e, chainId: action.chainId, subject: `${subject}: ${e.subject}` }))];
}
