import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // The CLI tests run `lockstep` as a real process, which starts real anvils.
    testTimeout: 60_000,
  },
});
