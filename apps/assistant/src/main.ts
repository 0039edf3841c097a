import { ConfigError, DataError, parseConfig } from '@ascn/domain';
import { startAssistant } from './app.js';
import { StartupError } from './startup.js';

/** Stops with exit code 2 and a message for the operator, never a stack trace. */
function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) refuse(`${error.message}\nThe assistant did not start.`);
    throw error;
  }
  const running = await startAssistant(config).catch((error: unknown) => {
    if (error instanceof StartupError) refuse(error.message);
    // Bad data files and a database held by another process are the operator's to fix too.
    if (error instanceof DataError || (error instanceof Error && error.name === 'StoreInUseError'))
      refuse(`${(error as Error).message}\nThe assistant did not start.`);
    // Anything else is a fault of ours: one line, the trace only when asked for.
    if (config.LOG_LEVEL === 'debug' && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `The assistant did not start: ${what.split('\n')[0]} (LOG_LEVEL=debug shows more).\n`,
    );
    process.exit(1);
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
  process.stdout.write(`ASCN Assistant is running at ${running.publicUrl}\n`);
}

void main();
