import { defineConfig } from 'vitest/config';

// Embedded PostgreSQL opens in seconds when the machine is busy with the other packages' tests.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
