/** Every fresh drill chain's genesis timestamp (2026-01-01T00:00:00Z): chain time never reads the wall clock. */
export const DRILL_GENESIS_TIMESTAMP = 1_767_225_600;
