export type * from './types.js';
export { FLOW_EVENTS } from './types.js';
