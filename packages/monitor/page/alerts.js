import { h } from './dom.js';
import { formatDuration } from './format.js';
import { SEVERITY_COLORS } from './palette.js';

/** @typedef {import('../src/model.js').Alert} Alert */

/**
 * The active alerts (most severe first, then newest) and the recently cleared ones, greyed.
 * @param {Alert[]} active
 * @param {Alert[]} cleared newest first
 * @param {number} now
 * @returns {HTMLElement}
 */
export function renderAlerts(active, cleared, now) {
  const rank = { critical: 0, warning: 1, info: 2 };
  const sorted = [...active].sort((a, b) => rank[a.severity] - rank[b.severity] || b.firedAt - a.firedAt);
  return h(
    'div',
    {},
    sorted.length === 0
      ? h('p', { class: 'empty ok' }, 'No active alerts.')
      : h('ul', { class: 'alerts' }, ...sorted.map((alert) => item(alert, now, false))),
    cleared.length > 0 && h('h3', {}, 'Recently cleared'),
    cleared.length > 0 && h('ul', { class: 'alerts cleared' }, ...cleared.map((alert) => item(alert, now, true))),
  );
}

/**
 * @param {Alert} alert
 * @param {number} now
 * @param {boolean} cleared
 */
function item(alert, now, cleared) {
  const color = SEVERITY_COLORS[alert.severity];
  const when =
    cleared && alert.clearedAt !== undefined
      ? `cleared ${formatDuration(now - alert.clearedAt)} ago after ${formatDuration(alert.clearedAt - alert.firedAt)}`
      : `for ${formatDuration(now - alert.firedAt)}`;
  return h(
    'li',
    { class: `alert ${alert.severity}`, 'data-alert': alert.key, style: `border-left-color:${color}` },
    h('span', { class: 'severity', style: `background:${color}` }, alert.severity),
    h('span', { class: 'alert-kind' }, alert.kind),
    alert.chain && h('span', { class: 'chip' }, alert.chain),
    h('span', { class: 'message' }, alert.message),
    h('span', { class: 'when' }, when),
  );
}
