import type { DrillReport } from '../types.js';

/**
 * A report without what is specific to one run: its id, wall-clock stamps, the chains' RPC URLs
 * and the checker's verdict (asked for or not). Two runs of one scenario and seed must agree on the rest.
 */
export function comparable(report: DrillReport) {
  const {
    runId: _runId,
    startedAt: _startedAt,
    wallTimeMs: _wallTimeMs,
    verification: _verification,
    phases,
    chains,
    ...rest
  } = report;
  return {
    ...rest,
    phases: phases.map((p) => p.phase).filter((phase) => phase !== 'check report'),
    chains: chains.map(({ rpcUrl: _rpcUrl, ...chain }) => chain),
  };
}
