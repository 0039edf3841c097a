import { COMMANDS, commandTree, GROUP_SUMMARIES } from '@ascn/core';
import { createRestClient, registerCommands } from '@ascn/discord';
import type { Config } from '@ascn/domain';

const SNOWFLAKE = /^\d{17,20}$/;

/**
 * `ascn discord register [--guild ID]`: the slash commands from the command registry, put
 * to Discord over REST. A guild shows them at once; global commands may take a while.
 */
export async function runDiscordRegister(
  config: Config,
  options: { guild?: string },
): Promise<number> {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    process.stderr.write(
      'ascn: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (the bot token and the application id from the Discord developer portal).\n',
    );
    return 2;
  }
  const guild = options.guild?.trim();
  if (guild !== undefined && !SNOWFLAKE.test(guild)) {
    process.stderr.write(
      `ascn: --guild: "${guild.slice(0, 40)}" is not a Discord server id (17 to 20 digits; copy it with Developer Mode on).\n`,
    );
    return 2;
  }
  const rest = createRestClient(config.DISCORD_TOKEN, {
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    retries: 1,
  });
  try {
    const registered = await registerCommands(
      rest,
      config.DISCORD_APPLICATION_ID,
      commandTree(COMMANDS, GROUP_SUMMARIES),
      guild,
    );
    process.stdout.write(
      `Registered ${registered.length} commands (${registered.map((c) => `/${c.name}`).join(', ')}) ${
        guild
          ? `in the server ${guild}: they show there at once.`
          : 'globally: Discord may take a while to show them in every server.'
      }\n`,
    );
    return 0;
  } catch (error) {
    const status = (error as { status?: number }).status;
    const reason =
      status === 401
        ? 'Discord refused DISCORD_TOKEN (401); copy the bot token from the developer portal.'
        : status === 403
          ? 'the bot may not add commands there (403): invite it with the applications.commands scope.'
          : status === 404
            ? 'Discord does not know that application or server (404): check DISCORD_APPLICATION_ID and --guild.'
            : error instanceof Error
              ? error.message
              : String(error);
    process.stderr.write(`ascn: could not register the commands: ${reason}\n`);
    return 1;
  }
}
