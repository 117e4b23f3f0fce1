export { DashboardStartError, type DashboardStartErrorType } from './errors.js';
export { type Dashboard, type DashboardRoute, type StartDashboardParameters, startDashboard } from './server.js';
export type { DashboardState } from './state.js';
