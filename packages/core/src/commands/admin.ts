import {
  type CalendarEventInput,
  EVENT_KINDS,
  findCity,
  MEMBER_STATES,
  type MemberStateCode,
  ROLES,
  type Role,
} from '@ascn/domain';
import type { IdentityKey, Store } from '@ascn/store';
import { cityName, registerOfficer, removeOfficer, subscribeChannel } from '../directory.js';
import { BadInput, NotAllowed } from '../errors.js';
import { addEvent, cancelEvent, editEvent } from '../events.js';
import { isExampleActor, refuseReal } from '../examples.js';
import type { Actor } from '../identity.js';
import type { ArgSpec, ArgValues, Command } from '../registry.js';
import { reply, text } from '../reply.js';
import { closeRound, openRound } from '../rounds.js';

const SECRETARIAT = ['secretariat'] as const;
const named = (spec: Omit<ArgSpec, 'named' | 'type'> & { type?: ArgSpec['type'] }): ArgSpec => ({
  type: 'string',
  ...spec,
  named: true,
});
const str = (v: ArgValues[string]) => (v === undefined ? undefined : String(v));

const ROLE_CHOICES = Object.entries(ROLES).map(([value, label]) => ({ value, label }));
const KIND_CHOICES = EVENT_KINDS.map((k) => ({ value: k, label: k }));
const YES_NO = [
  { value: 'true', label: 'true' },
  { value: 'false', label: 'false' },
];
const ON_OFF = [
  { value: 'on', label: 'on' },
  { value: 'off', label: 'off' },
];

const TABLE_OF = { officer: 'officers', event: 'events' } as const;

/** An example person may not touch a real officer or event (one there and not an example). */
async function refuseRealRow(
  store: Store,
  actor: Actor,
  kind: keyof typeof TABLE_OF,
  id: string,
): Promise<void> {
  if (!isExampleActor(actor)) return;
  const row = await store.db
    .selectFrom(TABLE_OF[kind])
    .select('example')
    .where('id', '=', id)
    .executeTakeFirst();
  if (row && !row.example) refuseReal(actor, `${kind} ${id}`);
}

const officerAdd: Command = {
  path: ['admin', 'officer', 'add'],
  summary: 'Register an officer (or update one), with their Slack or Discord account',
  usage:
    'admin officer add id=… name="…" role=csco|national-representative|secretariat|ascn-chair|shepherd [city=…] [country=MM] [tz=Asia/Yangon] [slack=U…] [discord=…] [email=…]',
  audience: SECRETARIAT,
  writes: true,
  args: [
    named({
      name: 'id',
      description: 'A short id, e.g. csco-yangon',
      required: true,
      maxLength: 100,
    }),
    named({ name: 'name', description: 'Their name', required: true, maxLength: 120 }),
    named({ name: 'role', description: 'Their role', required: true, choices: ROLE_CHOICES }),
    named({
      name: 'city',
      description: 'Their city (Chief Smart City Officers)',
      autocomplete: 'cities',
      maxLength: 100,
    }),
    named({ name: 'country', description: 'Member state code, e.g. MM', maxLength: 2 }),
    named({
      name: 'tz',
      description: 'Their time zone, if not their city’s',
      autocomplete: 'zones',
      maxLength: 64,
    }),
    named({ name: 'slack', description: 'Slack user id (U…)', maxLength: 40 }),
    named({ name: 'discord', description: 'Discord user id', maxLength: 40 }),
    named({
      name: 'email',
      description: 'E-mail, to match their Slack account once',
      maxLength: 200,
    }),
  ],
  async run({ store, actor, replan }, a) {
    // The example Secretariat registers example people only, with no chat account or e-mail
    // (an account or address would let a real person's Slack or Discord act as them).
    const example = isExampleActor(actor);
    if (example && (a.slack || a.discord || a.email))
      throw new NotAllowed(
        'Example people cannot link Slack or Discord accounts or e-mail addresses. Ask the Secretariat for a sign-in link to act as yourself.',
      );
    await refuseRealRow(store, actor, 'officer', String(a.id));
    const cityArg = str(a.city);
    const city = cityArg ? findCity(cityArg) : undefined;
    if (cityArg && !city) throw new BadInput(`city: "${cityArg}" is not a city of the network.`);
    const country = str(a.country)?.toUpperCase();
    if (country && !(country in MEMBER_STATES))
      throw new BadInput(
        `country: "${country}" is not a member state code.`,
        `Codes: ${Object.keys(MEMBER_STATES).join(', ')}`,
      );
    const identities: IdentityKey[] = [
      ...(a.slack
        ? [
            {
              platform: 'slack' as const,
              workspaceId: actor.platform === 'slack' ? actor.workspaceId : '',
              userId: String(a.slack),
            },
          ]
        : []),
      ...(a.discord ? [{ platform: 'discord' as const, userId: String(a.discord) }] : []),
    ];
    const officer = await registerOfficer(
      store,
      {
        id: String(a.id),
        name: String(a.name),
        role: a.role as Role,
        ...(city ? { cityId: city.id } : {}),
        ...(country ? { country: country as MemberStateCode } : {}),
        ...(a.tz ? { timeZone: String(a.tz) } : {}),
        ...(a.email ? { email: String(a.email) } : {}),
        ...(example ? { example: true } : {}),
      },
      identities,
    );
    await replan();
    return reply([
      text(
        `Registered ${officer.name} as ${ROLES[officer.role as Role]}${officer.cityId ? ` for ${cityName(officer.cityId)}` : ''}.`,
      ),
    ]);
  },
};

const officerRemove: Command = {
  path: ['admin', 'officer', 'remove'],
  summary: 'Remove an officer; their pending messages are cancelled',
  usage: 'admin officer remove <id>',
  audience: SECRETARIAT,
  writes: true,
  args: [
    {
      name: 'id',
      description: 'The officer’s id',
      type: 'string',
      required: true,
      autocomplete: 'officers',
      maxLength: 100,
    },
  ],
  async run({ store, actor, clock, replan }, a) {
    const id = String(a.id);
    await refuseRealRow(store, actor, 'officer', id);
    if (!(await removeOfficer(store, id, clock.now())))
      throw new BadInput(`There is no active officer ${id}.`);
    await replan();
    return reply([text(`Removed ${id}; their pending messages were cancelled.`)]);
  },
};

const eventFields: ArgSpec[] = [
  named({ name: 'kind', description: 'What kind of event', choices: KIND_CHOICES }),
  named({ name: 'title', description: 'Its title', maxLength: 200 }),
  named({ name: 'start', description: 'First day, YYYY-MM-DD', maxLength: 10 }),
  named({ name: 'end', description: 'Last day, YYYY-MM-DD', maxLength: 10 }),
  named({ name: 'time', description: 'Start time HH:mm, if known', maxLength: 5 }),
  named({ name: 'tz', description: 'The event’s time zone', autocomplete: 'zones', maxLength: 64 }),
  named({ name: 'place', description: 'Where', maxLength: 200 }),
  named({
    name: 'source',
    description: 'Where the date was announced (https://…)',
    maxLength: 500,
  }),
  named({ name: 'example', description: 'Example data, not a real date', choices: YES_NO }),
  named({ name: 'description', description: 'More about it', maxLength: 2000 }),
];

function eventInput(a: ArgValues): Partial<CalendarEventInput> {
  return {
    ...(a.kind ? { kind: a.kind as CalendarEventInput['kind'] } : {}),
    ...(a.title ? { title: String(a.title) } : {}),
    ...(a.start ? { start: String(a.start) } : {}),
    ...(a.end ? { end: String(a.end) } : {}),
    ...(a.time ? { time: String(a.time) } : {}),
    ...(a.tz ? { timeZone: String(a.tz) } : {}),
    ...(a.place ? { place: String(a.place) } : {}),
    ...(a.source ? { source: String(a.source) } : {}),
    ...(a.example ? { example: a.example === 'true' } : {}),
    ...(a.description ? { description: String(a.description) } : {}),
  };
}

const eventAdd: Command = {
  path: ['admin', 'event', 'add'],
  summary: 'Add a meeting or due date; reminders are planned at once',
  usage:
    'admin event add id=… kind=report-due title="…" start=YYYY-MM-DD [end=…] [time=HH:mm] tz=Asia/Jakarta (source=https://… | example=true) [place="…"]',
  audience: SECRETARIAT,
  writes: true,
  args: [
    named({
      name: 'id',
      description: 'A kebab-case id, e.g. report-due-2027',
      required: true,
      maxLength: 60,
    }),
    ...eventFields,
  ],
  async run({ store, actor, replan }, a) {
    const event = await addEvent(store.db, {
      id: String(a.id),
      ...eventInput(a),
      // What the example Secretariat adds is example data, whatever it says.
      ...(isExampleActor(actor) ? { example: true } : {}),
    } as CalendarEventInput);
    await replan();
    return reply([
      text(
        `Added "${event.title}" on ${event.start}${event.example ? ' (example)' : ''}. Reminders planned.`,
      ),
    ]);
  },
};

/** An existing event, named by its id (positional in typed text). */
const EVENT_ID: ArgSpec = {
  name: 'id',
  description: 'The event’s id',
  type: 'string',
  required: true,
  autocomplete: 'events',
  maxLength: 60,
};

const eventEdit: Command = {
  path: ['admin', 'event', 'edit'],
  summary: 'Change an event; reminders follow, and people already reminded are told',
  usage: 'admin event edit <id> start=… [title="…"] [tz=…]',
  audience: SECRETARIAT,
  writes: true,
  args: [EVENT_ID, ...eventFields],
  async run({ store, actor, clock, replan }, a) {
    await refuseRealRow(store, actor, 'event', String(a.id));
    const event = await editEvent(
      store.db,
      String(a.id),
      { ...eventInput(a), ...(isExampleActor(actor) ? { example: true } : {}) },
      clock.now(),
    );
    await replan();
    return reply([
      text(
        `Updated "${event.title}" on ${event.start}${event.example ? ' (example)' : ''}. Reminders re-planned.`,
      ),
    ]);
  },
};

const eventCancel: Command = {
  path: ['admin', 'event', 'cancel'],
  summary: 'Cancel an event; its pending reminders are dropped',
  usage: 'admin event cancel <id>',
  audience: SECRETARIAT,
  writes: true,
  args: [EVENT_ID],
  async run({ store, actor, replan }, a) {
    await refuseRealRow(store, actor, 'event', String(a.id));
    await cancelEvent(store.db, String(a.id));
    await replan();
    return reply([text(`Cancelled ${a.id}; its pending reminders were dropped.`)]);
  },
};

const roundOpen: Command = {
  path: ['admin', 'round', 'open'],
  summary: 'Open a status round: every city’s officer is asked at 09:00 their time',
  usage: 'admin round open title="…" closes=YYYY-MM-DD [nudge=48] [escalate=96]',
  audience: SECRETARIAT,
  writes: true,
  args: [
    named({ name: 'title', description: 'What the round is for', required: true, maxLength: 200 }),
    named({
      name: 'closes',
      description: 'Closing day, YYYY-MM-DD',
      required: true,
      maxLength: 10,
    }),
    named({
      name: 'event',
      description: 'The event it prepares (its id)',
      autocomplete: 'events',
      maxLength: 60,
    }),
    named({
      name: 'nudge',
      description: 'Hours before a nudge',
      type: 'integer',
      min: 1,
      max: 2000,
    }),
    named({
      name: 'escalate',
      description: 'Hours before escalation',
      type: 'integer',
      min: 2,
      max: 4000,
    }),
  ],
  async run({ store, actor, clock }, a) {
    const round = await openRound(
      store,
      actor,
      {
        title: String(a.title),
        closes: String(a.closes),
        ...(a.event ? { eventId: String(a.event) } : {}),
        ...(typeof a.nudge === 'number' ? { nudgeAfterHours: a.nudge } : {}),
        ...(typeof a.escalate === 'number' ? { escalateAfterHours: a.escalate } : {}),
      },
      clock.now(),
    );
    return reply([
      text(
        `Opened status round ${round.id} "${round.title}". Each city’s officer will be asked at 09:00 their time.`,
      ),
    ]);
  },
};

const roundClose: Command = {
  path: ['admin', 'round', 'close'],
  summary: 'Close a status round; answers can no longer change',
  usage: 'admin round close <number>',
  audience: SECRETARIAT,
  writes: true,
  args: [
    {
      name: 'round',
      description: 'A round number',
      type: 'integer',
      required: true,
      min: 1,
      max: 2_147_483_647,
      autocomplete: 'rounds',
    },
  ],
  async run({ store, actor, clock }, a) {
    const round = await closeRound(store, actor, Number(a.round), clock.now());
    return reply([text(`Closed round ${round.id} "${round.title}".`)]);
  },
};

const channelSettings: Command = {
  path: ['admin', 'channel'],
  summary: 'Set this channel up: answer plain questions, whose city channel it is',
  usage: 'admin channel [answers=on|off] [city=Yangon]',
  audience: SECRETARIAT,
  writes: true,
  args: [
    named({
      name: 'answers',
      description: 'Answer plain questions here (only confident answers)',
      choices: ON_OFF,
    }),
    named({
      name: 'city',
      description: 'The city whose channel this is',
      autocomplete: 'cities',
      maxLength: 100,
    }),
  ],
  async run({ store, actor }, a) {
    const channelId = actor.where.channelId;
    if (actor.where.kind === 'dm' || !channelId)
      throw new BadInput('Say this in the channel you want to set up.');
    if (a.answers === undefined && a.city === undefined)
      throw new BadInput(
        'Say answers=on, answers=off or city=<city>.',
        `Usage: ${channelSettings.usage}`,
      );
    const city = a.city ? findCity(String(a.city)) : undefined;
    if (a.city && !city) throw new BadInput(`city: "${a.city}" is not a city of the network.`);
    const channel = await subscribeChannel(store, {
      platform: actor.platform,
      workspaceId: actor.workspaceId,
      channelId,
      name: channelId,
      timeZone: city?.timeZone ?? actor.zone,
      ...(a.answers !== undefined ? { answerQuestions: a.answers === 'on' } : {}),
      ...(city ? { cityId: city.id } : {}),
    });
    return reply([
      text(
        `This channel ${channel.answerQuestions ? 'gets answers to plain questions (only confident ones)' : 'does not get answers to plain questions'}${channel.cityId ? `; it is ${cityName(channel.cityId)}'s channel` : ''}.`,
      ),
    ]);
  },
};

export const ADMIN_COMMANDS: readonly Command[] = [
  officerAdd,
  officerRemove,
  eventAdd,
  eventEdit,
  eventCancel,
  roundOpen,
  roundClose,
  channelSettings,
];
