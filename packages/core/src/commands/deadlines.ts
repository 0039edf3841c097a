import { isTimeZone, upcomingEvents } from '@ascn/domain';
import { BadInput } from '../errors.js';
import { activeEvents } from '../events.js';
import type { Command } from '../registry.js';
import { heading, note, reply, text } from '../reply.js';
import { eventLine } from './calendar-lines.js';

export const deadlinesCommand: Command = {
  path: ['deadlines'],
  summary: 'Upcoming meetings and due dates, in your time zone',
  usage: 'deadlines [Asia/Yangon]',
  audience: 'everyone',
  writes: false,
  args: [
    {
      name: 'zone',
      description: 'A time zone such as Asia/Yangon (default: yours)',
      type: 'string',
      autocomplete: 'zones',
      maxLength: 64,
    },
  ],
  async run({ store, clock, actor }, args) {
    const requested = String(args.zone ?? '').trim();
    if (requested && !isTimeZone(requested))
      throw new BadInput(
        `"${requested}" is not a time zone I know.`,
        'Use an IANA name such as Asia/Yangon or Asia/Makassar.',
      );
    const zone = requested || actor.zone;
    const now = clock.now();
    const events = upcomingEvents(await activeEvents(store.db), now).slice(0, 10);
    if (events.length === 0)
      return reply([text('No upcoming meetings or due dates in the calendar.')], { zone });
    return reply(
      [
        heading('Upcoming deadlines'),
        { kind: 'list', items: events.map((e) => eventLine(e, now, zone, Boolean(requested))) },
        note(requested ? `Times in ${zone}.` : `Times in your zone (${zone}).`),
      ],
      { zone },
    );
  },
};
