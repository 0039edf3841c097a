import { defineConfig } from 'vitest/config';

// Each test starts a real discord.js client against the fake; logins take a few hundred ms,
// more when the machine is busy with the other packages' tests.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
