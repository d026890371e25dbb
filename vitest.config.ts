// Vitest configuration: one test project per workspace package and app, plus the examples.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'examples'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
