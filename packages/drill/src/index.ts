export type * from './monitor-section.js';
export type * from './types.js';
export { FLOW_EVENTS } from './types.js';
