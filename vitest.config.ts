import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace package (each folder under packages/ is a project).
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
