import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // These tests start real processes (forge, solc-js, anvil); a loaded 2-core machine needs time.
    testTimeout: 60_000,
  },
});
