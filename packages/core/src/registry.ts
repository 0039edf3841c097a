import type { Role } from '@ascn/domain';
import type { KnowledgeBase } from '@ascn/knowledge';
import type { Store } from '@ascn/store';
import { BadInput } from './errors.js';
import type { Actor } from './identity.js';
import type { Clock } from './reminders/clock.js';
import type { Reply } from './reply.js';

/** Who may run a command: everyone (guests too), registered officers, or these roles. */
export type Audience = 'everyone' | 'officers' | readonly Role[];

/** Where a platform's autocomplete gets its suggestions. */
export type AutocompleteSource = 'zones' | 'titles' | 'cities' | 'events' | 'rounds' | 'officers';

/** One typed argument of a command; Discord gets it as a typed option, text as a word or key=value. */
export interface ArgSpec {
  /** Lowercase, `[a-z][a-z0-9-]*`, at most 32 characters (Discord's option names). */
  name: string;
  /** At most 100 characters. */
  description: string;
  type: 'string' | 'integer';
  required?: boolean;
  /** In typed text: the rest of the line (a question, a list). */
  rest?: boolean;
  /** In typed text: written `name=value` (admin commands); otherwise positional. */
  named?: boolean;
  choices?: ReadonlyArray<{ value: string; label: string }>;
  autocomplete?: AutocompleteSource;
  min?: number;
  max?: number;
  maxLength?: number;
}

export type ArgValues = Record<string, string | number | undefined>;

export interface CommandContext {
  store: Store;
  knowledge: KnowledgeBase;
  clock: Clock;
  actor: Actor;
  /** Absolute base of links in chat (`PUBLIC_URL`). */
  publicUrl: string;
  /** Re-plans reminders after the calendar, the directory or a channel changed. */
  replan(): Promise<void>;
}

/** A command, declared once: help, Slack's `/ascn` subcommands and Discord's slash commands come from it. */
export interface Command {
  /** `['deadlines']`, or `['admin', 'event', 'add']` for a subcommand. */
  path: readonly string[];
  /** One line, at most 100 characters. */
  summary: string;
  /** How to type it, for help: `deadlines [Asia/Yangon]`. */
  usage: string;
  audience: Audience;
  /** Writes something: runs once per platform event id. */
  writes: boolean;
  args: readonly ArgSpec[];
  /** Typed text that needs more than words and key=value (e.g. `subscribe reminders on`). */
  parseText?: (text: string) => Record<string, string>;
  run(ctx: CommandContext, args: ArgValues): Promise<Reply>;
}

/** Splits `key=value "quoted words"` text into named and positional arguments. */
export function tokenize(text: string): { named: Record<string, string>; positional: string[] } {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  const re = /(\w[\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|(\S+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1]) named[m[1].toLowerCase()] = (m[2] ?? m[3] ?? m[4] ?? '').trim();
    else positional.push(m[5] ?? m[6] ?? '');
  }
  return { named, positional };
}

/** Typed text after the command's path, as raw argument values (still unchecked). */
export function parseCommandText(command: Command, text: string): Record<string, string> {
  if (command.parseText) return command.parseText(text);
  const out: Record<string, string> = {};
  const positionalArgs = command.args.filter((a) => !a.named);
  const rest = positionalArgs.find((a) => a.rest);
  if (rest && positionalArgs.length === 1 && !command.args.some((a) => a.named)) {
    if (text.trim()) out[rest.name] = text.trim();
    return out;
  }
  const { named, positional } = tokenize(text);
  for (const arg of command.args.filter((a) => a.named))
    if (named[arg.name] !== undefined) out[arg.name] = named[arg.name]!;
  const unknown = Object.keys(named).filter((k) => !command.args.some((a) => a.name === k));
  if (unknown.length > 0)
    throw new BadInput(
      `I do not know ${unknown.map((k) => `${k}=`).join(', ')} here.`,
      `Usage: ${command.usage}`,
    );
  let i = 0;
  for (const arg of positionalArgs) {
    if (i >= positional.length) break;
    if (arg.rest) {
      out[arg.name] = positional.slice(i).join(' ');
      i = positional.length;
    } else out[arg.name] = positional[i++]!;
  }
  if (i < positional.length)
    throw new BadInput(
      `I did not expect "${positional.slice(i).join(' ')}".`,
      `Usage: ${command.usage}`,
    );
  return out;
}

const MAX_TEXT = 4000;

/**
 * Checks argument values, whichever way they came (typed text or a platform's typed options),
 * against the command's declaration: required ones present, integers whole and in range,
 * choices among the choices. Errors name the argument in plain words.
 */
export function checkArgs(command: Command, raw: Record<string, unknown>): ArgValues {
  const out: ArgValues = {};
  for (const key of Object.keys(raw))
    if (!command.args.some((a) => a.name === key))
      throw new BadInput(`I do not know the option "${key}" here.`, `Usage: ${command.usage}`);
  for (const arg of command.args) {
    const value = raw[arg.name];
    if (value === undefined || value === null || value === '') {
      if (arg.required)
        throw new BadInput(`Missing ${arg.name}: ${arg.description}.`, `Usage: ${command.usage}`);
      continue;
    }
    if (arg.type === 'integer') {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && /^[+-]?\d{1,16}$/.test(value.trim())
            ? Number(value)
            : Number.NaN;
      const min = arg.min ?? Number.MIN_SAFE_INTEGER;
      const max = arg.max ?? Number.MAX_SAFE_INTEGER;
      if (!Number.isSafeInteger(n) || n < min || n > max)
        throw new BadInput(
          `${arg.name}: "${String(value).slice(0, 40)}" is not ${arg.description.toLowerCase()}${arg.min !== undefined && arg.max !== undefined ? ` (${arg.min} to ${arg.max})` : ''}.`,
        );
      out[arg.name] = n;
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new BadInput(`${arg.name}: expected text.`);
    const s = String(value).trim();
    if (s.length > (arg.maxLength ?? MAX_TEXT))
      throw new BadInput(
        `${arg.name} is too long (at most ${arg.maxLength ?? MAX_TEXT} characters).`,
      );
    if (arg.choices && !arg.choices.some((c) => c.value === s.toLowerCase()))
      throw new BadInput(
        `${arg.name}: "${s.slice(0, 40)}" is not one of ${arg.choices.map((c) => c.value).join(', ')}.`,
      );
    out[arg.name] = arg.choices ? s.toLowerCase() : s;
  }
  return out;
}

/** The longest command path that `words` starts with, and the text after it. */
export function findCommand(
  commands: readonly Command[],
  text: string,
): { command: Command; rest: string } | undefined {
  const words = text.trim().split(/\s+/);
  let best: { command: Command; rest: string } | undefined;
  for (const command of commands) {
    const n = command.path.length;
    if (words.length < n) continue;
    if (command.path.every((p, i) => words[i]!.toLowerCase().replace(/^\//, '') === p)) {
      if (!best || n > best.command.path.length)
        best = { command, rest: stripWords(text.trim(), n) };
    }
  }
  return best;
}

function stripWords(text: string, n: number): string {
  let rest = text;
  for (let i = 0; i < n; i++) rest = rest.replace(/^\S+\s*/, '');
  return rest;
}

/** A node of the command tree: a command, or a group of commands under one word. */
export interface CommandNode {
  name: string;
  summary: string;
  command?: Command;
  children: CommandNode[];
}

/**
 * The registry as a tree (Discord's command → subcommand group → subcommand; Slack's
 * `/ascn admin event add`): each word of a path is a node.
 */
export function commandTree(
  commands: readonly Command[],
  groupSummaries: Record<string, string>,
): CommandNode[] {
  const roots: CommandNode[] = [];
  for (const command of commands) {
    let level = roots;
    command.path.forEach((word, i) => {
      let node = level.find((n) => n.name === word);
      if (!node) {
        const key = command.path.slice(0, i + 1).join(' ');
        node = { name: word, summary: groupSummaries[key] ?? '', children: [] };
        level.push(node);
      }
      if (i === command.path.length - 1) {
        node.command = command;
        node.summary = command.summary;
      }
      level = node.children;
    });
  }
  return roots;
}

/** Whether `actor` may run a command of this audience. */
export function mayRun(audience: Audience, actor: Actor): boolean {
  if (audience === 'everyone') return true;
  if (!actor.officer) return false;
  return audience === 'officers' || audience.includes(actor.officer.role as Role);
}
