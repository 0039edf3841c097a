import type { ArgSpec, CommandNode } from '@ascn/core';
import { fitText, PLATFORM_LIMITS } from '@ascn/core';
import type { REST } from 'discord.js';
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsResult,
  Routes,
} from 'discord-api-types/v10';

const L = PLATFORM_LIMITS.discord;

/** Commands only the Secretariat uses: hidden from members without a permission in a guild. */
const HIDDEN = new Set(['admin']);

const description = (text: string, fallback: string) =>
  fitText(text.trim() || fallback, L.commandDescription);

function option(arg: ArgSpec): APIApplicationCommandBasicOption {
  const base = {
    name: arg.name,
    description: description(arg.description, arg.name),
    required: arg.required === true,
  };
  if (arg.type === 'integer')
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(arg.min !== undefined ? { min_value: arg.min } : {}),
      ...(arg.max !== undefined ? { max_value: arg.max } : {}),
      ...(arg.autocomplete ? { autocomplete: true } : {}),
    } as APIApplicationCommandBasicOption;
  const choices = arg.choices && arg.choices.length <= L.choices ? arg.choices : undefined;
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    max_length: Math.min(arg.maxLength ?? 4000, 6000),
    ...(choices
      ? { choices: choices.map((c) => ({ name: fitText(c.label, 100), value: c.value })) }
      : arg.autocomplete
        ? { autocomplete: true }
        : {}),
  } as APIApplicationCommandBasicOption;
}

/** A command's options; Discord wants the required ones first. */
function options(args: readonly ArgSpec[]): APIApplicationCommandBasicOption[] {
  return [...args.filter((a) => a.required), ...args.filter((a) => !a.required)].map(option);
}

function subcommand(node: CommandNode): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: node.name,
    description: description(node.summary, node.name),
    options: options(node.command?.args ?? []),
  };
}

function children(node: CommandNode): APIApplicationCommandOption[] {
  return node.children.map((child) =>
    child.children.length > 0
      ? {
          type: ApplicationCommandOptionType.SubcommandGroup,
          name: child.name,
          description: description(child.summary, child.name),
          options: child.children.map(subcommand),
        }
      : subcommand(child),
  );
}

/**
 * Discord's slash commands from the core's command tree (`assistant.commandTree()`): a
 * command per first word, subcommand groups and subcommands below it, typed options with
 * their choices, ranges and autocomplete. `/admin` is hidden from members without the
 * Administrator permission (`default_member_permissions: "0"`) and offered in guilds only;
 * the core still checks the Secretariat role on every use.
 */
export function slashCommands(tree: readonly CommandNode[]): RESTPutAPIApplicationCommandsJSONBody {
  return tree.map((node) => ({
    type: ApplicationCommandType.ChatInput,
    name: node.name,
    description: description(node.summary, node.name),
    options: node.children.length > 0 ? children(node) : options(node.command?.args ?? []),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: HIDDEN.has(node.name)
      ? [InteractionContextType.Guild]
      : [InteractionContextType.Guild, InteractionContextType.BotDM],
    ...(HIDDEN.has(node.name) ? { default_member_permissions: '0' } : {}),
  }));
}

/**
 * Registers the commands (one PUT: new ones added, changed ones updated, gone ones removed):
 * for one guild at once, or globally (Discord may take a while to show global changes).
 */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  tree: readonly CommandNode[],
  guildId?: string,
): Promise<RESTPutAPIApplicationCommandsResult> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  return (await rest.put(route, {
    body: slashCommands(tree),
  })) as RESTPutAPIApplicationCommandsResult;
}
