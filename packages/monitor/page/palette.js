/**
 * The dashboard's colours: one per stage (the drill's timeline.svg palette where the two meet: queued
 * blue, activation purple, executed green, expired slate), one per alert severity.
 */

/** @typedef {import('../src/model.js').Stage} Stage */
/** @typedef {import('../src/model.js').Severity} Severity */

/** @type {Record<Stage, { fill: string, text: string }>} */
export const STAGE_COLORS = {
  proposed: { fill: '#cbd5e0', text: '#1a202c' },
  approved: { fill: '#90cdf4', text: '#1a202c' },
  'in-timelock': { fill: '#f6ad55', text: '#1a202c' },
  dispatched: { fill: '#4299e1', text: '#ffffff' },
  attested: { fill: '#5a67d8', text: '#ffffff' },
  delivered: { fill: '#319795', text: '#ffffff' },
  queued: { fill: '#2b6cb0', text: '#ffffff' },
  executable: { fill: '#805ad5', text: '#ffffff' },
  executed: { fill: '#2f855a', text: '#ffffff' },
  cancelled: { fill: '#c53030', text: '#ffffff' },
  expired: { fill: '#4a5568', text: '#ffffff' },
};

/** The stages in the order a proposal passes them (the model's STAGES; the palette test keeps them equal). */
export const STAGE_ORDER = /** @type {Stage[]} */ (Object.keys(STAGE_COLORS));

/** @type {Record<Severity, string>} */
export const SEVERITY_COLORS = {
  critical: '#c53030',
  warning: '#dd6b20',
  info: '#3182ce',
};

/** The activation-time marker (the drill's activation diamond). */
export const ACTIVATION_COLOR = '#805ad5';
