import { defineConfig } from 'vitest/config';

// Some tests open an embedded database or start Chromium, which is slow on a busy machine.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
