/**
 * The `chain-consistency` gate: before a proposal is created or signed, the hub and every chain it
 * targets run the Lockstep the config and the deployment files describe (receiver, registry,
 * council, guardian and fallback sets and quorums), identical across chains, the hub routes each
 * chain to that chain's receiver, and each proxy runs the implementation the proposal replaces.
 * Not overridable: signing over drifted chains is never what anyone meant.
 */
import { type ChainConsistencyReport, checkChainConsistency } from './consistency/check-consistency.js';
import type { DriftFinding } from './consistency/types.js';
import type { GateFinding, GateOutcome, ProposalGate } from './types.js';

export const chainConsistencyGate: ProposalGate = {
  name: 'chain-consistency',
  title:
    'every target chain runs the configured Lockstep, the same on every chain, and each proxy runs what the proposal replaces',
  overridable: false,
  async run({ document, config, clientFor, projectRoot }) {
    const report = await checkChainConsistency({ config, clientFor, actions: document.actions, root: projectRoot });
    return consistencyOutcome(report);
  },
};

/** The gate's outcome for a report: failed when any finding is an error, with one line per chain at fault. */
export function consistencyOutcome(report: ChainConsistencyReport): GateOutcome {
  const errors = report.findings.filter((f) => f.severity === 'error');
  const findings = report.findings.map(toGateFinding);
  if (errors.length === 0) {
    const names = report.chains.map((c) => c.network).join(', ');
    return { status: 'passed', summary: `${report.chains.length} chain(s) consistent (${names})`, findings };
  }
  const byNetwork = new Map<string, string[]>();
  for (const f of errors) byNetwork.set(f.network, [...(byNetwork.get(f.network) ?? []), f.subject]);
  const parts = [...byNetwork].map(([network, subjects]) => `${network} (${[...new Set(subjects)].join(', ')})`);
  return { status: 'failed', summary: `${errors.length} difference(s): ${parts.join('; ')}`, findings };
}

function toGateFinding(finding: DriftFinding): GateFinding {
  const prefix = `${finding.subject}: `;
  const message = finding.message.startsWith(prefix) ? finding.message.slice(prefix.length) : finding.message;
  return {
    severity: finding.severity,
    chainId: finding.chainId,
    subject: `${finding.network} ${finding.subject}`,
    message,
  };
}
