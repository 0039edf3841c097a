import { defineConfig } from 'vitest/config';

// Each test starts a real discord.js client against the fake, most the real assistant too;
// logins and the embedded database take seconds when the machine is busy with the other
// packages' tests. One file at a time: the 3-second deadline tests measure this package, not
// the contention between its own files.
export default defineConfig({
  test: { testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false },
});
