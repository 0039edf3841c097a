#!/usr/bin/env node
// A committed shim: npm links workspace bins at install time, before dist/ exists. On a fresh
// clone (after `npm ci` only) the CLI is built once, the way `npm start` builds the assistant.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  process.stderr.write('ascn: building the command line once (npm run build)…\n');
  const built = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@ascn/cli...', '--output-logs=errors-only'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (built.status !== 0 || !existsSync(main)) {
    process.stderr.write('ascn: the build failed; run "npm run build" to see why.\n');
    process.exit(2);
  }
}
await import('../dist/main.js');
