import { defineConfig } from 'vitest/config';

// The CLI tests spawn the real binary; a first embedded-database open takes seconds.
export default defineConfig({ test: { testTimeout: 180_000 } });
