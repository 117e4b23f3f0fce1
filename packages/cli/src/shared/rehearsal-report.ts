/** `lockstep rehearse`'s human report: the path taken, each chain's decoded changes, the verdict. */
import type { RehearsalReport, StorageChange } from '@lockstep/core/rehearse';

export function describeRehearsal(report: RehearsalReport): string {
  const { approvals } = report;
  const lines = [
    `proposal ${report.proposalId} (${report.origin === 'existing' ? 'submitted before the fork block' : 'created on the fork from the draft'})`,
    `approvals: ${approvals.beforeRehearsal} already on chain, ${approvals.fromSignatures.length} from the file's signatures, ${approvals.impersonated.length} impersonated (quorum ${approvals.quorum})`,
  ];
  if (!approvals.realSignatures) {
    lines.push(`⚠ NOT the real signatures: members ${approvals.impersonated.join(', ')} were impersonated on the fork`);
  }
  lines.push(`activation time: ${new Date(report.activationTime * 1000).toISOString()} (${report.activationTime})`);
  lines.push('', 'stood in for on the forks (their keys are not ours):');
  for (const s of report.substitutions) lines.push(`  chain ${s.chainId}: ${s.what} (why: ${s.why})`);
  for (const chain of report.chains) {
    lines.push('', `${chain.network} (chain ${chain.chainId}), forked at block ${chain.forkBlock}`);
    for (const t of chain.transactions) lines.push(`  tx ${t.hash}  ${t.step}`);
    lines.push('  storage changes:');
    for (const change of chain.changes) lines.push(`    ${changeLine(change)}`);
    for (const check of chain.postChecks)
      lines.push(`  ${check.ok ? '✓' : '✗'} ${check.check} of ${check.proxy}: ${check.detail}`);
  }
  lines.push('');
  const declared = report.chains.flatMap((c) => c.changes.filter((change) => change.declared));
  if (declared.length > 0) {
    lines.push(
      `⚠ ${declared.length} change(s) pass only because the file declares them (rehearsal.expectedChanges is not signed: review each):`,
    );
    for (const change of declared) lines.push(`  chain ${change.chainId}: ${changeLine(change)}`);
  }
  if (report.ok) {
    lines.push(
      `PASSED: every change is one the proposal implies or declares (${(report.durationMs / 1000).toFixed(1)} s)`,
    );
  } else {
    lines.push(
      `FAILED: ${report.unexpected.length} unexpected change(s), ${report.failedChecks.length} failed post-check(s)`,
    );
    for (const change of report.unexpected) lines.push(`  chain ${change.chainId}: ${changeLine(change)}`);
    for (const check of report.failedChecks)
      lines.push(`  chain ${check.chainId}: ${check.check} of ${check.proxy}: ${check.detail}`);
    if (report.unexpected.length > 0) {
      lines.push(
        'a change that is meant to happen goes into the proposal file: rehearsal.expectedChanges [{ chainId, address, slot, value?, reason }]',
      );
    }
  }
  return lines.join('\n');
}

function changeLine(change: StorageChange): string {
  const where = change.slot === 'balance' || change.slot === 'code' ? change.slot : `slot ${change.slot}`;
  return `${change.expected ? '✓' : '✗ UNEXPECTED'} ${change.label} [${change.address} ${where}] — ${change.reason}`;
}
