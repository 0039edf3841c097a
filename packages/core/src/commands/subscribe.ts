import { FOCUS_AREAS, findFocusArea } from '@ascn/domain';
import { subscribeChannel } from '../directory.js';
import { BadInput } from '../errors.js';
import { requireOfficer } from '../identity.js';
import type { Command } from '../registry.js';
import { reply, text } from '../reply.js';

const ON_OFF = [
  { value: 'on', label: 'on' },
  { value: 'off', label: 'off' },
];
const AREAS_HINT = `Focus areas: ${Object.values(FOCUS_AREAS).join(', ')}`;

export const subscribeCommand: Command = {
  path: ['subscribe'],
  summary: 'Choose what this channel follows: focus areas, deadline reminders',
  usage: 'subscribe <focus areas…> | subscribe reminders on|off',
  audience: 'officers',
  writes: true,
  args: [
    {
      name: 'areas',
      description: 'Focus areas, separated by commas (e.g. health, safety)',
      type: 'string',
      rest: true,
      maxLength: 500,
    },
    {
      name: 'reminders',
      description: 'Deadline reminders in this channel',
      type: 'string',
      choices: ON_OFF,
    },
  ],
  parseText(textArgs): Record<string, string> {
    const words = textArgs.trim().split(/\s+/);
    if (words[0]?.toLowerCase() === 'reminders') {
      if (words.length !== 2)
        throw new BadInput('Say "subscribe reminders on" or "subscribe reminders off".');
      return { reminders: words[1]!.toLowerCase() };
    }
    const m = /^reminders=(\S+)$/i.exec(textArgs.trim());
    if (m) return { reminders: m[1]!.toLowerCase() };
    return textArgs.trim() ? { areas: textArgs.trim() } : {};
  },
  async run({ store, actor, replan }, args) {
    requireOfficer(actor);
    const channelId = actor.where.channelId;
    if (actor.where.kind === 'dm' || !channelId)
      throw new BadInput('Say this in the channel that should follow the updates.');
    const reminders = args.reminders === undefined ? undefined : args.reminders === 'on';
    const areaWords = String(args.areas ?? '')
      .split(/[,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const focusAreas = areaWords.map((w) => {
      const id = findFocusArea(w);
      if (!id) throw new BadInput(`"${w}" is not a focus area.`, AREAS_HINT);
      return id;
    });
    if (focusAreas.length === 0 && reminders === undefined)
      throw new BadInput(
        'Name the focus areas to follow, or say "subscribe reminders on".',
        AREAS_HINT,
      );
    const channel = await subscribeChannel(store, {
      platform: actor.platform,
      channelId,
      workspaceId: actor.workspaceId,
      name: channelId,
      ...(focusAreas.length > 0 ? { focusAreas } : {}),
      ...(reminders !== undefined ? { reminders } : {}),
      timeZone: actor.zone,
    });
    if (reminders !== undefined) await replan();
    return reply(
      [
        text(
          `This channel follows: ${channel.focusAreas.map((f) => FOCUS_AREAS[f as keyof typeof FOCUS_AREAS]).join(', ') || 'no focus areas'}; deadline reminders ${channel.reminders ? 'on' : 'off'}.`,
        ),
      ],
      { visibility: 'public' },
    );
  },
};

export const digestCommand: Command = {
  path: ['digest'],
  summary: 'One message a day with your reminders, instead of one per reminder',
  usage: 'digest on|off',
  audience: 'officers',
  writes: true,
  args: [
    { name: 'choice', description: 'on or off', type: 'string', required: true, choices: ON_OFF },
  ],
  async run({ store, actor }, args) {
    const officer = requireOfficer(actor);
    const on = args.choice === 'on';
    await store.db
      .updateTable('officers')
      .set({ reminderDigest: on })
      .where('id', '=', officer.id)
      .execute();
    return reply([
      text(
        on
          ? 'From now on your reminders for a day come as one message at 09:00 your time.'
          : 'From now on each reminder comes as its own message.',
      ),
    ]);
  },
};
