import type { Client, GatewayDispatchPayload } from 'discord.js';
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
} from 'discord-api-types/v10';

/**
 * discord.js builds an interaction object from every INTERACTION_CREATE before any listener
 * sees it, and a malformed one (no `data`, no user, a non-array where it expects an array)
 * throws inside its gateway handler: an unhandled rejection that would end the process. So
 * each one is checked first, as raw data; one that is not sound is kept from discord.js and
 * answered directly with a plain ephemeral message (its id and token are enough for that).
 */

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSnowflake = (v: unknown): v is string => typeof v === 'string' && /^\d{1,20}$/.test(v);
const isText = (v: unknown, max = 4000): v is string => typeof v === 'string' && v.length <= max;

function optionsProblem(options: unknown, depth = 0): string | undefined {
  if (options === undefined) return undefined;
  if (!Array.isArray(options) || options.length > 25 || depth > 2) return 'options';
  for (const o of options) {
    if (!isObject(o) || !isText(o.name, 32) || typeof o.type !== 'number') return 'an option';
    if (o.options !== undefined) {
      const inner = optionsProblem(o.options, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

function modalProblem(components: unknown): string | undefined {
  if (!Array.isArray(components) || components.length > 5) return 'the form fields';
  for (const c of components) {
    if (!isObject(c) || typeof c.type !== 'number') return 'a form field';
    const inner = c.type === 1 ? c.components : c.component !== undefined ? [c.component] : [];
    if (!Array.isArray(inner)) return 'a form field';
    for (const i of inner)
      if (!isObject(i) || typeof i.type !== 'number' || !isText(i.custom_id, 100))
        return 'a form field';
  }
  return undefined;
}

/** What is wrong with an INTERACTION_CREATE, in a few words, or undefined when it is sound. */
export function interactionProblem(d: unknown): string | undefined {
  if (!isObject(d)) return 'the request';
  if (!isSnowflake(d.id) || !isText(d.token, 500)) return 'its id';
  if (typeof d.type !== 'number') return 'its type';
  if (!Array.isArray(d.entitlements)) return 'its entitlements';
  const user = isObject(d.user) ? d.user : isObject(d.member) ? d.member.user : undefined;
  if (!isObject(user) || !isSnowflake(user.id)) return 'who sent it';
  if (d.member !== undefined && (!isObject(d.member) || !Array.isArray(d.member.roles)))
    return 'who sent it';
  if (d.guild_id !== undefined && !isSnowflake(d.guild_id)) return 'its server';
  if (d.channel !== undefined && (!isObject(d.channel) || !isSnowflake(d.channel.id)))
    return 'its channel';
  if (d.type === InteractionType.Ping) return undefined;
  const data = d.data;
  if (!isObject(data)) return 'its data';
  switch (d.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete:
      if (!isText(data.name, 32) || typeof data.type !== 'number') return 'the command';
      return optionsProblem(data.options);
    case InteractionType.MessageComponent:
      if (!isText(data.custom_id, 100) || typeof data.component_type !== 'number')
        return 'the button';
      if (data.values !== undefined && !Array.isArray(data.values)) return 'the choice';
      if (!isObject(d.message) || !isSnowflake(d.message.id) || !isObject(d.message.author))
        return 'the message';
      return undefined;
    case InteractionType.ModalSubmit:
      if (!isText(data.custom_id, 100)) return 'the form';
      return modalProblem(data.components);
    default:
      // A kind discord.js does not know is skipped by it; ours answers it (see the bot).
      return undefined;
  }
}

export const MALFORMED_ANSWER =
  'Sorry, I could not read that request, so nothing was done. Please try again, or type /help.';

/**
 * Keeps malformed interactions from discord.js (see above) and answers them over REST.
 * Returns how to stop. `onRefused` is told what was wrong (never the content).
 */
export function guardInteractions(
  client: Client,
  onRefused: (problem: string) => void,
): () => void {
  const listener = (packet: GatewayDispatchPayload) => {
    if (packet.t !== 'INTERACTION_CREATE') return;
    const problem = interactionProblem(packet.d);
    if (!problem) return;
    // No handler of discord.js knows this name: the packet goes no further.
    (packet as { t: string }).t = 'ASCN_REFUSED_INTERACTION';
    const d = packet.d as unknown as Raw;
    if (isObject(d) && isSnowflake(d.id) && isText(d.token, 500))
      client.rest
        .post(Routes.interactionCallback(d.id, d.token), {
          auth: false,
          body:
            d.type === InteractionType.ApplicationCommandAutocomplete
              ? {
                  type: InteractionResponseType.ApplicationCommandAutocompleteResult,
                  data: { choices: [] },
                }
              : {
                  type: InteractionResponseType.ChannelMessageWithSource,
                  data: { content: MALFORMED_ANSWER, flags: MessageFlags.Ephemeral },
                },
        })
        .catch(() => undefined);
    onRefused(`could not read ${problem}`);
  };
  client.on('raw', listener);
  return () => client.off('raw', listener);
}
