import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // checkNetworks tests start real anvils; a loaded 2-core machine needs time.
    testTimeout: 60_000,
  },
});
