import * as echarts from 'echarts';
import { h } from './dom.js';
import { formatTime, relative, shortHex } from './format.js';
import { timelineHeight, timelineOption } from './timeline-option.js';

/** @typedef {import('../src/model.js').MonitorSnapshot} MonitorSnapshot */
/** @typedef {import('../src/model.js').Proposal} Proposal */
/** @typedef {{ box: HTMLElement, title: HTMLElement, canvas: HTMLElement, chart: echarts.ECharts }} Entry */

/**
 * One ECharts timeline per proposal, kept across snapshots (a new snapshot updates each chart in
 * place, so the page never flickers), added and disposed as proposals come and go.
 */
export class Timelines {
  /** @type {Map<string, Entry>} */
  #entries = new Map();
  /** @type {HTMLElement} */
  #container;

  /** @param {HTMLElement} container */
  constructor(container) {
    this.#container = container;
    window.addEventListener('resize', () => {
      for (const entry of this.#entries.values()) entry.chart.resize();
    });
  }

  /** @param {MonitorSnapshot} snapshot */
  update(snapshot) {
    const ids = new Set(snapshot.proposals.map((proposal) => proposal.id));
    for (const [id, entry] of this.#entries) {
      if (ids.has(/** @type {`0x${string}`} */ (id))) continue;
      entry.chart.dispose();
      entry.box.remove();
      this.#entries.delete(id);
    }
    const empty = this.#container.querySelector(':scope > .empty');
    if (snapshot.proposals.length === 0 && empty === null)
      this.#container.append(h('p', { class: 'empty' }, 'No proposals yet.'));
    if (snapshot.proposals.length > 0) empty?.remove();
    for (const proposal of snapshot.proposals) {
      const entry = this.#entries.get(proposal.id) ?? this.#create(proposal);
      // Appending an element already in place moves it: the boxes follow the snapshot's order.
      this.#container.append(entry.box);
      entry.title.replaceChildren(...heading(proposal, snapshot.takenAt));
      const height = `${timelineHeight(proposal)}px`;
      if (entry.canvas.style.height !== height) {
        entry.canvas.style.height = height;
        entry.chart.resize();
      }
      entry.chart.setOption(timelineOption(proposal, snapshot.takenAt), { notMerge: true });
    }
  }

  /**
   * @param {Proposal} proposal
   * @returns {Entry}
   */
  #create(proposal) {
    const title = h('h3', {});
    const canvas = h('div', { class: 'chart', style: `height:${timelineHeight(proposal)}px` });
    const box = h('div', { class: 'timeline', 'data-proposal': proposal.id }, title, canvas);
    this.#container.append(box);
    const entry = { box, title, canvas, chart: echarts.init(canvas, null, { renderer: 'svg' }) };
    this.#entries.set(proposal.id, entry);
    return entry;
  }
}

/**
 * @param {Proposal} proposal
 * @param {number} now
 * @returns {(string | HTMLElement)[]}
 */
function heading(proposal, now) {
  const parts = [
    `${proposal.kind} `,
    h('code', { title: proposal.id }, shortHex(proposal.id)),
    ` · hub ${proposal.hub}`,
  ];
  if (proposal.readyAt !== undefined) parts.push(` · timelock ends ${formatTime(proposal.readyAt)} UTC`);
  if (proposal.activationTime !== undefined)
    parts.push(
      ' · ',
      h(
        'span',
        { class: 'activation' },
        `activation ${formatTime(proposal.activationTime)} UTC (${relative(proposal.activationTime, now)})`,
      ),
    );
  return parts;
}
