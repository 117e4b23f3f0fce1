/**
 * The upgrade notice for node operators and integrators, in markdown, from the proposal file alone:
 * what changes on which chain (proxies, old and new implementations, codehashes), when (the
 * activation time in UTC and a block estimate per chain from the plan's measured block times), the
 * audit reference, the safety gates' results and the rollback plan.
 */
import { estimateBlockAt } from './activation-plan.js';
import type { ActivationPlan, ProposalAction, ProposalDocument } from './document.js';

export type RenderAnnouncementParameters = {
  /**
   * Unix seconds the upgrade activates, when known (the hub's activation time once dispatched).
   * Default: the plan's earliest activation.
   */
  activationAt?: number;
};

/** Renders the notice (markdown). The file should have been read with `readProposalFile` (checked). */
export function renderAnnouncement(document: ProposalDocument, { activationAt }: RenderAnnouncementParameters = {}) {
  const plan = document.activation;
  const at = activationAt ?? plan?.earliestActivation;
  const chains = [...new Map(document.actions.map((a) => [a.chainId, chainName(a)])).entries()];
  const sections = [
    `# Upgrade notice: ${document.title}`,
    summaryTable(document, chains),
    document.description.trim() ? `## What changes\n\n${document.description.trim()}` : '',
    activationSection(plan, at, activationAt !== undefined, chains),
    changesSection(document.actions),
    gatesSection(document),
    `## Rollback plan\n\n${document.rollback?.plan ?? '_None given in the proposal file._'}`,
  ];
  return `${sections.filter((s) => s.trim() !== '').join('\n\n')}\n`;
}

type ChainEntry = [chainId: number, name: string];

const chainName = (a: ProposalAction) => (a.network ? `${a.network} (${a.chainId})` : `chain ${a.chainId}`);
const code = (value: string) => `\`${value}\``;
/** Free text in a table cell: no line breaks, no column separators. */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
const utc = (unix: number) =>
  `${new Date(unix * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;

/** `2 d`, `1 h 30 min`, `45 s`: a duration for people. */
function human(value: number): string {
  const units: [number, string][] = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  let rest = value;
  const parts = units.flatMap(([size, unit]) => {
    const count = Math.floor(rest / size);
    rest %= size;
    return count ? [`${count} ${unit}`] : [];
  });
  return parts.join(' ') || '0 s';
}

/** `3600 s (1 h)`: exact seconds, readable. */
const seconds = (value: number) => (value < 60 ? `${value} s` : `${value} s (${human(value)})`);

function summaryTable(document: ProposalDocument, chains: ChainEntry[]): string {
  const { submission } = document;
  const rows = [
    ['Chains', chains.map(([, name]) => name).join(', ')],
    ['Council', `${code(document.council.address)} on chain ${document.council.chainId}`],
    [
      'Proposal',
      submission
        ? `${code(submission.proposalId)} (nonce ${submission.nonce}, proposed in block ${submission.blockNumber}, expires ${utc(submission.expiresAt)})`
        : 'draft: not proposed on the council yet',
    ],
    ['Audit', `${code(document.audit.hash)}${document.audit.uri ? ` — ${cell(document.audit.uri)}` : ''}`],
    ['Content hash', code(document.contentHash)],
    ...(document.mergedFrom?.length
      ? [['Merged from', document.mergedFrom.map((m) => `${cell(m.title)} (${code(m.contentHash)})`).join('; ')]]
      : []),
  ];
  return ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

function activationSection(
  plan: ActivationPlan | undefined,
  at: number | undefined,
  exact: boolean,
  chains: ChainEntry[],
) {
  if (!plan || at === undefined) return '## Activation\n\n_The proposal file has no activation plan._';
  const when = exact
    ? `The upgrade activates on every chain at the same moment: **${utc(at)}** (unix ${at}).`
    : [
        `The upgrade activates on every chain at the same moment, **not before ${utc(at)}** (unix ${at}).`,
        `That is the earliest possible when the plan was read: the council approves and schedules it at once, then its timelock runs (${human(plan.timelockDelaySeconds)}), then the hub's lead (${human(plan.leadSeconds)}: the largest delivery margin plus minimum delay of the chains below).`,
        'The exact time is fixed when the hub dispatches the upgrade.',
      ].join(' ');
  const rows = chains.map(([chainId, name]) => {
    const chain = plan.chains.find((c) => c.chainId === chainId);
    const block = estimateBlockAt(plan, chainId, at);
    return [
      name,
      chain ? seconds(chain.deliveryMarginSeconds) : '?',
      chain ? seconds(chain.minDelaySeconds) : '?',
      chain?.blockTimeSeconds ? `${chain.blockTimeSeconds} s` : 'not measured',
      block === undefined ? 'no estimate' : `≈ ${block}`,
    ];
  });
  return [
    '## Activation',
    '',
    when,
    '',
    '| Chain | Delivery margin | Minimum delay | Block time | Block at activation |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    'Block numbers are estimates from the average block time measured when the plan was read; the activation time is what counts.',
  ].join('\n');
}

function changesSection(actions: readonly ProposalAction[]): string {
  const rows = actions.map((a) => [
    chainName(a),
    `${a.label ? `${cell(a.label)} ` : ''}${code(a.proxy)}`,
    `${code(a.previousImplementation)}${a.previousCodehash ? `<br>codehash ${code(a.previousCodehash)}` : ''}`,
    `${code(a.implementation)}<br>codehash ${code(a.codehash)}`,
    a.data === '0x' ? 'none' : `${(a.data.length - 2) / 2} bytes`,
  ]);
  return [
    '## Changes',
    '',
    '| Chain | Proxy | Current implementation | New implementation | Call on upgrade |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    'Integrators: check `extcodehash` of the new implementation on your chain against the table before and after activation.',
  ].join('\n');
}

function gatesSection(document: ProposalDocument): string {
  if (document.gates.length === 0) return '## Safety checks\n\n_No safety gate results are recorded in the file._';
  return [
    '## Safety checks',
    '',
    '| Check | Result | Summary |',
    '| --- | --- | --- |',
    ...document.gates.map(
      (g) =>
        `| ${g.name} | ${g.status}${g.override ? ` (reason: ${cell(g.override.reason)})` : ''} | ${cell(g.summary)} |`,
    ),
  ].join('\n');
}
