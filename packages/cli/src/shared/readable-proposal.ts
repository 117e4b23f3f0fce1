/**
 * The text of a readable proposal (`describeProposal`) as `approve` and `verify-digest` show it:
 * domain, message, digest, the actions per chain with every address labelled, and the flags,
 * loudly, before anything is signed. And the address labels this machine knows (deployment files
 * of the config's networks, the config's accounts).
 */
import type { LockstepConfig } from '@lockstep/core/config';
import type { DescribedAction } from '@lockstep/core/council';
import { readDeployment } from '@lockstep/core/deploy';
import {
  configLabels,
  deploymentLabels,
  formatArgument,
  formatLabel,
  type LabelEntry,
  type LabelledAddress,
  type ReadableAction,
  type ReadableProposal,
} from '@lockstep/core/proposal';

/** The labels of the config's accounts and of every network's deployment file that exists here. */
export async function knownLabels(config: LockstepConfig): Promise<LabelEntry[]> {
  const deployed = await Promise.all(
    config.networks.map(async (n) => {
      const deployment = await readDeployment({ network: n.name }).catch(() => undefined);
      return deployment ? deploymentLabels(n.chainId, n.name, deployment.addresses) : [];
    }),
  );
  return [...deployed.flat(), ...configLabels(config)];
}

const labelled = ({ address, label }: LabelledAddress) => `${address} ${formatLabel(label)}`;

/** The lines a member reads before signing. `digestNote` says how the digest was checked. */
export function readableLines(readable: ReadableProposal, digestNote: string): string[] {
  const { domain, message } = readable;
  const lines = [
    `  domain     name "${domain.name}", version "${domain.version}", chainId ${domain.chainId}, verifyingContract ${labelled(readable.verifyingContract)}`,
    `  message    Approval(proposalId ${message.proposalId}, kind ${message.kind})`,
    `  digest     ${readable.digest} (${digestNote})`,
  ];
  for (const chain of readable.chains) {
    lines.push(`  on ${chain.network ?? 'chain'} (chain ${chain.chainId}):`);
    for (const action of chain.actions) lines.push(...actionLines(action));
  }
  if (readable.flags.length === 0) {
    lines.push('  flags      none: no ownership, role, admin or initialiser call, and every address is known');
  } else {
    lines.push(`  ⚠ ${readable.flags.length} FLAG(S) — read each before signing:`);
    for (const flag of readable.flags) lines.push(`    ⚠ ${flag.message}`);
  }
  return lines;
}

function actionLines(a: ReadableAction): string[] {
  const claimed = a.claimedLabel ? ` — the file calls it "${a.claimedLabel}"` : '';
  const lines = [
    `    proxy ${labelled(a.proxy)}${claimed}`,
    `      → implementation ${labelled(a.implementation)}`,
    `      replaces ${labelled(a.previousImplementation)}${a.previousImplementationCheck ? ` [${previousNote(a.previousImplementationCheck)}]` : ''}`,
    `      codehash ${a.codehash}${a.codehashCheck ? ` [${codeNote(a.codehashCheck)}]` : ''}`,
  ];
  if (!a.call) lines.push('      call     none (data 0x)');
  else if (!a.call.functionName) lines.push(`      call     ⚠ unknown function ${a.call.selector} (data ${a.data})`);
  else {
    lines.push(`      call     ${a.call.signature ?? a.call.functionName}${a.call.flag ? `  ⚠ ${a.call.flag}` : ''}`);
    for (const arg of a.call.args) lines.push(`        ${arg.name} (${arg.type}) = ${formatArgument(arg)}`);
  }
  return lines;
}

function codeNote(check: DescribedAction['codehashCheck']): string {
  if (check.status === 'match') return 'code matches';
  if (check.status === 'mismatch') return `CODE MISMATCH: on chain ${check.actual}`;
  if (check.status === 'no-code') return 'NO CODE at the implementation';
  return 'not checked (no RPC for this chain)';
}

function previousNote(check: DescribedAction['previousImplementationCheck']): string {
  if (check.status === 'current') return 'the proxy runs it now';
  if (check.status === 'stale') return `STALE: the proxy runs ${check.actual}, the upgrade will be refused`;
  if (check.status === 'not-registered') return 'PROXY NOT REGISTERED on this chain';
  return 'not checked (no RPC for this chain)';
}
