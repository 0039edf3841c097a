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
    if (error instanceof DataError) {
      process.stderr.write(`${error.message}\nThe assistant did not start.\n`);
      process.exit(2);
    }
    throw error;
  });
  process.stdout.write(`ASCN Assistant is running at ${running.url}\n`);
  const stop = (signal: string) => {
    process.stdout.write(`\n${signal}: finishing in-flight work…\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
