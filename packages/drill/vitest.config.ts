import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // Drill tests start real anvil chains, guardian processes and a relayer.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
