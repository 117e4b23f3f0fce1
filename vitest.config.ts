import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace package (each folder under packages/ is a project).
// Workers: vitest's default (one fewer than the cores: one file at a time on a 2-core CI machine).
// `VITEST_MAX_WORKERS=2` runs two files at once; docs/ci.md has the measurement and why it is not yet
// the default (test files pick anvil ports on their own, and setup hooks near their timeouts under load).
const workers = process.env.VITEST_MAX_WORKERS;
export default defineConfig({
  test: {
    projects: ['packages/*'],
    ...(workers ? { maxWorkers: Number(workers) } : {}),
  },
});
