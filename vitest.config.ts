import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace package (each folder under packages/ is a project).
export default defineConfig({
  test: {
    projects: ['packages/*'],
    // vitest's default in `run` mode is one worker fewer than the cores: a single worker on a 2-core CI
    // machine, where the files mostly wait on anvils, child processes and polls (docs/ci.md).
    // `VITEST_MAX_WORKERS` (or `--maxWorkers`) overrides this.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
