import { defineConfig } from 'vitest/config';

const project = (name: string, root: string) => ({
  test: {
    name,
    include: [`${root}/test/**/*.test.ts`],
    environment: 'node' as const,
  },
});

export default defineConfig({
  test: {
    projects: [
      project('language', 'packages/language'),
      project('engine', 'packages/engine'),
      project('lsp', 'packages/lsp'),
      project('mcp', 'packages/mcp'),
      project('cli', 'packages/cli'),
      'extensions/vscode/vitest.config.mts',
      { test: { name: 'e2e', include: ['test/**/*.test.ts'], environment: 'node' as const } },
    ],
    testTimeout: 30_000,
  },
});
