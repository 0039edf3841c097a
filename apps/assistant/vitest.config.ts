import { defineConfig } from 'vitest/config';

// These tests start the real assistant (embedded database on disk, web server, Chromium).
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
