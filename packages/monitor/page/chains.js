import { h } from './dom.js';
import { formatDuration, shortHex } from './format.js';

/** @typedef {import('../src/model.js').MonitorSnapshot} MonitorSnapshot */
/** @typedef {import('../src/model.js').SignerSetStatus} SignerSetStatus */
/** @typedef {import('../src/model.js').ChainStatus} ChainStatus */

/** Alerts that mean a chain is down, whatever its last answer said. */
const DOWN_ALERTS = new Set(['chain-halted', 'chain-unreachable']);

/**
 * Chain health: reachable or not, head block and its age, the processed checkpoint, the last canary's
 * latency and age, paused proxies. A chain with an active halted/unreachable alert shows that alert's
 * kind as its status.
 * @param {MonitorSnapshot} snapshot
 * @returns {HTMLElement}
 */
export function renderChains(snapshot) {
  if (snapshot.chains.length === 0) return h('p', { class: 'empty' }, 'No chain read yet.');
  const rows = snapshot.chains.map((chain) => {
    const down = snapshot.alerts.find((alert) => alert.chain === chain.chain && DOWN_ALERTS.has(alert.kind));
    const status = !chain.reachable ? 'unreachable' : down ? down.kind.replace('chain-', '') : 'ok';
    const paused = chain.proxies.filter((proxy) => proxy.paused).map((proxy) => proxy.name);
    return h(
      'tr',
      { 'data-chain': chain.chain, 'data-status': status },
      h('th', { scope: 'row' }, chain.chain, h('span', { class: 'sub' }, ` #${chain.chainId}`)),
      h('td', {}, h('span', { class: `status ${status === 'ok' ? 'ok' : 'bad'}` }, status)),
      h('td', { class: 'num' }, chain.head ? String(chain.head.number) : '—'),
      h('td', { class: 'num' }, chain.lagSeconds === undefined ? '—' : formatDuration(chain.lagSeconds)),
      h('td', { class: 'num' }, chain.checkpoint === undefined ? '—' : String(chain.checkpoint)),
      canaryCell(chain, snapshot.takenAt),
      h(
        'td',
        {},
        paused.length > 0 ? `paused: ${paused.join(', ')}` : '',
        chain.error ? h('div', { class: 'error' }, chain.error) : null,
      ),
    );
  });
  return h(
    'table',
    { class: 'grid' },
    h(
      'thead',
      {},
      h('tr', {}, ...['chain', 'status', 'head', 'lag', 'checkpoint', 'canary', 'notes'].map((t) => h('th', {}, t))),
    ),
    h('tbody', {}, ...rows),
  );
}

/**
 * The chain's last canary (`lockstep canary`): its latency (hub dispatch to delivery) in bold, and
 * how long before the snapshot it was delivered; `—` before the chain has seen one.
 * @param {ChainStatus} chain
 * @param {number} now
 * @returns {HTMLElement}
 */
function canaryCell(chain, now) {
  const canary = chain.lastCanary;
  if (!canary) return h('td', { class: 'canary none' }, '—');
  return h(
    'td',
    { class: 'canary', 'data-latency': canary.latencySeconds, title: `canary ${canary.canaryId}` },
    h('span', { class: 'latency' }, formatDuration(canary.latencySeconds)),
    h('span', { class: 'sub' }, ` ${formatDuration(now - canary.deliveredAt)} ago`),
  );
}

/**
 * Signer sets: a row per set, consistent or drifting, with each chain's digest; digests that differ
 * from the most common one are marked.
 * @param {MonitorSnapshot} snapshot
 * @returns {HTMLElement}
 */
export function renderSignerSets(snapshot) {
  if (snapshot.signerSets.length === 0) return h('p', { class: 'empty' }, 'No signer sets read yet.');
  const chains = [...new Set(snapshot.signerSets.flatMap((set) => Object.keys(set.byChain)))];
  const rows = snapshot.signerSets.map((set) => {
    const majority = mostCommon(Object.values(set.byChain));
    return h(
      'tr',
      { 'data-signer-set': set.kind, 'data-consistent': String(set.consistent) },
      h('th', { scope: 'row' }, set.kind),
      h(
        'td',
        {},
        h('span', { class: `status ${set.consistent ? 'ok' : 'bad'}` }, set.consistent ? 'consistent' : 'drift'),
      ),
      ...chains.map((chain) => {
        const digest = set.byChain[chain];
        if (digest === undefined) return h('td', { class: 'digest none' }, '—');
        if (digest === null) return h('td', { class: 'digest unread' }, 'unread');
        return h('td', { class: `digest${digest === majority ? '' : ' differs'}`, title: digest }, shortHex(digest));
      }),
    );
  });
  return h(
    'table',
    { class: 'grid' },
    h('thead', {}, h('tr', {}, h('th', {}, 'set'), h('th', {}, 'status'), ...chains.map((c) => h('th', {}, c)))),
    h('tbody', {}, ...rows),
  );
}

/**
 * @param {(string | null)[]} values
 * @returns {string | null}
 */
function mostCommon(values) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = null;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount) [best, bestCount] = [value, count];
  return best;
}
