import { h } from './dom.js';
import { formatDuration, shortHex } from './format.js';
import { STAGE_COLORS } from './palette.js';

/** @typedef {import('../src/model.js').MonitorSnapshot} MonitorSnapshot */
/** @typedef {import('../src/model.js').Proposal} Proposal */
/** @typedef {import('../src/model.js').ProposalOnChain} ProposalOnChain */

/**
 * Every chain the snapshot names, watched ones first in their order, then any only a proposal targets.
 * @param {MonitorSnapshot} snapshot
 * @returns {string[]}
 */
export function chainColumns(snapshot) {
  const names = snapshot.chains.map((chain) => chain.chain);
  for (const proposal of snapshot.proposals)
    for (const target of proposal.chains) if (!names.includes(target.chain)) names.push(target.chain);
  return names;
}

/**
 * The proposals × chains table: a row per proposal, a cell per chain with its stage (coloured), how
 * long it has been there, and the attestations once dispatched.
 * @param {MonitorSnapshot} snapshot
 * @returns {HTMLElement}
 */
export function renderMatrix(snapshot) {
  if (snapshot.proposals.length === 0) return h('p', { class: 'empty' }, 'No proposals yet.');
  const columns = chainColumns(snapshot);
  const head = h('tr', {}, h('th', {}, 'proposal'), ...columns.map((name) => h('th', { scope: 'col' }, name)));
  const rows = snapshot.proposals.map((proposal) =>
    h(
      'tr',
      { 'data-proposal': proposal.id },
      h(
        'th',
        { scope: 'row', class: 'proposal' },
        h('span', { class: 'kind' }, proposal.kind),
        ' ',
        h('code', { title: proposal.id }, shortHex(proposal.id)),
        h(
          'div',
          { class: 'sub' },
          `hub ${proposal.hub} · ${proposal.approvals} approvals (needs ${proposal.threshold} of ${proposal.councilSize})`,
        ),
      ),
      ...columns.map((name) =>
        cell(
          proposal,
          proposal.chains.find((c) => c.chain === name),
          snapshot.takenAt,
        ),
      ),
    ),
  );
  return h('table', { class: 'matrix' }, h('thead', {}, head), h('tbody', {}, ...rows));
}

/**
 * @param {Proposal} proposal
 * @param {ProposalOnChain | undefined} target
 * @param {number} now
 */
function cell(proposal, target, now) {
  if (target === undefined) return h('td', { class: 'cell none' }, '—');
  const colors = STAGE_COLORS[target.stage];
  const attestations =
    target.attestations !== undefined && ['dispatched', 'attested'].includes(target.stage)
      ? `${target.attestations} attestations`
      : null;
  return h(
    'td',
    {
      class: 'cell',
      'data-chain': target.chain,
      'data-stage': target.stage,
      style: `background:${colors.fill};color:${colors.text}`,
      title: `${proposal.kind} ${proposal.id} on ${target.chain}: ${target.stage}`,
    },
    h('div', { class: 'stage' }, target.stage),
    h('div', { class: 'since' }, `for ${formatDuration(now - target.stageSince)}`),
    attestations && h('div', { class: 'since' }, attestations),
  );
}
