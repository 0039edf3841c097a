import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** How a run of the assistant process ended. */
export interface MainRun {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Test set-up: runs dist/main.js as `npm start` does, on its own empty embedded database, with
 * the shipped docs and calendar, any free port and `extra` variables; `whenRunning` is called once
 * it says it runs (with its URL), e.g. to send it a signal.
 */
export function runMain(
  extra: Record<string, string>,
  whenRunning?: (child: ChildProcess, url: string) => void | Promise<void>,
): Promise<MainRun> {
  return new Promise<MainRun>((resolve) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ascn-proc-'));
    const child = spawn(process.execPath, [join(ROOT, 'apps/assistant/dist/main.js')], {
      env: {
        ...process.env,
        ASCN_DOCS_DIR: join(ROOT, 'docs'),
        ASCN_CALENDAR_FILE: join(ROOT, 'network/calendar.json'),
        PORT: '0',
        LOG_LEVEL: 'error',
        DATABASE_URL: '',
        ASCN_DATA_DIR: dataDir,
        ...extra,
      },
    });
    let out = '';
    let err = '';
    let running = false;
    child.stdout.on('data', (d) => {
      out += d;
      const url = /is running at (\S+)/.exec(out)?.[1];
      if (whenRunning && url && !running) {
        running = true;
        void whenRunning(child, url);
      }
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    // ('close', not 'exit': the last lines it wrote are read by then.)
    child.on('close', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, out, err });
    });
  });
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export function closedPort(): Promise<number> {
  return new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });
}
