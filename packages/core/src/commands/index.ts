import { ROLES, type Role } from '@ascn/domain';
import { cityName } from '../directory.js';
import { type Command, mayRun } from '../registry.js';
import { heading, note, reply, text } from '../reply.js';
import { ADMIN_COMMANDS } from './admin.js';
import { askCommand } from './ask.js';
import { deadlinesCommand } from './deadlines.js';
import { gapsCommand } from './gaps.js';
import { shareCommand } from './share.js';
import { reportCommand, statusCommand } from './status.js';
import { digestCommand, subscribeCommand } from './subscribe.js';

const helpCommand: Command = {
  path: ['help'],
  summary: 'What I can do',
  usage: 'help',
  audience: 'everyone',
  writes: false,
  args: [],
  async run({ actor }) {
    const mine = COMMANDS.filter((c) => c.path[0] !== 'admin' && mayRun(c.audience, actor));
    const isAdmin = ADMIN_COMMANDS.some((c) => mayRun(c.audience, actor));
    return reply([
      heading('What I can do'),
      {
        kind: 'list',
        items: [
          'Ask me anything about the ASEAN Smart Cities Network, e.g. "what are the six focus areas?"',
          ...mine.filter((c) => c !== askCommand).map((c) => `${c.usage}: ${c.summary}`),
          ...(isAdmin ? ['admin help: officers, events, rounds and channels'] : []),
        ],
      },
      ...(actor.officer
        ? []
        : [note('Registered officers can also report status and share practices.')]),
    ]);
  },
};

const adminHelpCommand: Command = {
  path: ['admin', 'help'],
  summary: 'The Secretariat’s commands',
  usage: 'admin help',
  audience: 'everyone',
  writes: false,
  args: [],
  async run() {
    return reply([
      heading('Admin commands'),
      { kind: 'list', items: ADMIN_COMMANDS.map((c) => c.usage) },
    ]);
  },
};

const whoamiCommand: Command = {
  path: ['whoami'],
  summary: 'Who I think you are, and your time zone',
  usage: 'whoami',
  audience: 'everyone',
  writes: false,
  args: [],
  async run({ actor }) {
    const o = actor.officer;
    return reply([
      text(
        o
          ? `${o.name}, ${ROLES[o.role as Role]}${o.cityId ? `, ${cityName(o.cityId)}` : ''}; times shown in ${actor.zone}.`
          : `You are not registered; you can ask questions and see deadlines. Times shown in ${actor.zone}.`,
      ),
    ]);
  },
};

/** Every command, declared once. Help, Slack's `/ascn` subcommands and Discord's slash commands come from this list. */
export const COMMANDS: readonly Command[] = [
  askCommand,
  deadlinesCommand,
  statusCommand,
  reportCommand,
  shareCommand,
  subscribeCommand,
  digestCommand,
  gapsCommand,
  helpCommand,
  whoamiCommand,
  adminHelpCommand,
  ...ADMIN_COMMANDS,
];

/** Summaries of the words that group subcommands (Discord shows them). */
export const GROUP_SUMMARIES: Record<string, string> = {
  admin: 'The Secretariat’s commands: officers, events, rounds, channels',
  'admin officer': 'Register or remove officers',
  'admin event': 'Add, change or cancel meetings and due dates',
  'admin round': 'Open or close status rounds',
};
