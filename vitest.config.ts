import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // CLI output is asserted as plain text; picocolors turns colour on when CI is set, so switch it off here.
    env: { NO_COLOR: '1' },
  },
});
