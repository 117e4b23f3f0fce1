import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // The monitor's tests start real anvils (and a browser); a loaded 2-core machine needs time.
    testTimeout: 120_000,
    // One PGlite initdb per run, shared by the tests as copies (src/store/pglite-template.test-util.ts).
    globalSetup: ['./src/store/pglite-template.global-setup.ts'],
  },
});
