import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // The tests start a real anvil and deploy to it.
    testTimeout: 60_000,
  },
});
