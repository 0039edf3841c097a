// Shared by scripts/bench.js and scripts/bench-share.js: their command line, progress output and
// the figures every benchmark table states.
import { cpus } from 'node:os';

const args = process.argv.slice(2);

/** The number given after `name` on the command line (`--scale 10`), else `fallback`. */
export const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i !== -1 && args[i + 1] ? Number(args[i + 1]) : fallback;
};

/** `--json`: the results as JSON on stdout, and no progress. */
export const asJson = args.includes('--json');

/** Progress, on stderr (none with `--json`). */
export const log = (...m) => {
  if (!asJson) console.error(...m);
};

/** The value at quantile `p` (0…1) of ascending `sorted`. */
export const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** Node version, cores and date, for the line under a table. */
export const describeEnvironment = () =>
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${new Date().toISOString().slice(0, 10)}`;
