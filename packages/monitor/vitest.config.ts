import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // The monitor's tests start real anvils (and a browser); a loaded 2-core machine needs time.
    testTimeout: 120_000,
  },
});
