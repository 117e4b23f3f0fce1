import { renderAlerts } from './alerts.js';
import { renderChains, renderSignerSets } from './chains.js';
import { fill } from './dom.js';
import { formatTime } from './format.js';
import { renderMatrix } from './matrix.js';
import { Timelines } from './timelines.js';

/** @typedef {import('../src/dashboard/state.js').DashboardState} DashboardState */

/**
 * The dashboard page: listens to the monitor's event stream and redraws every panel from each
 * `snapshot` event (no reload). The browser's EventSource reconnects by itself when the stream drops;
 * the header says whether the page is live.
 */
const timelines = new Timelines(/** @type {HTMLElement} */ (document.getElementById('timelines')));
const connection = /** @type {HTMLElement} */ (document.getElementById('connection'));

/** @param {'live' | 'connecting' | 'reconnecting'} state */
function setConnection(state) {
  connection.textContent = state;
  connection.dataset.state = state;
}

/** @param {DashboardState} state */
function render({ snapshot, recentlyCleared }) {
  const now = snapshot.takenAt;
  fill('alerts', renderAlerts(snapshot.alerts, recentlyCleared, now));
  fill('matrix', renderMatrix(snapshot));
  timelines.update(snapshot);
  fill('chains', renderChains(snapshot));
  fill('signer-sets', renderSignerSets(snapshot));
  const active = snapshot.alerts.length;
  fill(
    'summary',
    document.createTextNode(
      `snapshot ${formatTime(now)} UTC · ${snapshot.chains.length} chains · ${snapshot.proposals.length} proposals · ${active} active alerts`,
    ),
  );
  document.title = active > 0 ? `(${active}) Lockstep monitor` : 'Lockstep monitor';
  document.body.dataset.takenAt = String(now);
}

setConnection('connecting');
const source = new EventSource('/events');
source.addEventListener('open', () => setConnection('live'));
source.addEventListener('error', () => setConnection('reconnecting'));
source.addEventListener('snapshot', (event) => render(JSON.parse(/** @type {MessageEvent<string>} */ (event).data)));
