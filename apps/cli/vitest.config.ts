import { defineConfig } from 'vitest/config';

// The CLI tests spawn the real binary; a first embedded-database open takes seconds, and on
// a loaded 2-core machine removing the test's database directories has taken over 10 s.
export default defineConfig({ test: { testTimeout: 180_000, hookTimeout: 180_000 } });
