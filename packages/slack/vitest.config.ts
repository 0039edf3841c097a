import { defineConfig } from 'vitest/config';

// Each test starts a fake Slack and a Bolt app on loopback, most of them the real assistant on
// an embedded database too; the 429 test waits out a real one-second Retry-After. Generous
// timeouts keep a busy machine (every package's tests at once) from failing them.
// One file at a time: the suite shares two cores with every other package's tests.
export default defineConfig({
  test: { testTimeout: 180_000, hookTimeout: 180_000, maxWorkers: 1 },
});
