import { ConfigError, DataError, parseConfig } from '@ascn/domain';
import { startAssistant } from './app.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nThe assistant did not start.\n`);
      process.exit(2);
    }
    throw error;
  }
  const running = await startAssistant(config).catch((error: unknown) => {
    // Bad data files and a database held by another process are the operator's to fix: no trace.
    if (
      error instanceof DataError ||
      (error instanceof Error && error.name === 'StoreInUseError')
    ) {
      process.stderr.write(`${error.message}\nThe assistant did not start.\n`);
      process.exit(2);
    }
    throw error;
  });
  let stopping = false;
  const stop = (signal: string) => {
    // A second Ctrl-C means "now": leases left behind expire and another process takes them.
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write(`\n${signal}: finishing in-flight work… (again to force)\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Handlers first: whoever reads the line below may signal at once.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.stdout.write(`ASCN Assistant is running at ${running.url}\n`);
}

void main();
