import { defineConfig } from 'vitest/config';

// Each test starts a fake Slack and a Bolt app on loopback; the 429 test waits out a real
// one-second Retry-After. Generous timeouts keep a busy machine from failing them.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
