import { defineConfig } from 'vitest/config';

/**
 * The extension's unit tests (no VS Code needed): TextMate grammar snapshots and the results view's data shaping.
 * Run with `pnpm --filter vscode-varpulis test`. The VS Code end-to-end test is test/e2e/vscode.
 */
export default defineConfig({
  test: {
    name: 'vscode',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
