import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((s) => (s ? s : undefined));

const url = (what: string) =>
  optionalText.refine((s) => s === undefined || URL.canParse(s), { message: `expected ${what}` });

const PUBLIC_URL_MESSAGE =
  'expected an absolute http:// or https:// URL without ?query or #fragment, such as https://ascn.example.org';

/** Where people reach this assistant's web server; links in chat (citations, reports) start with it. */
const publicUrl = optionalText.transform((s, ctx) => {
  if (s === undefined) return undefined;
  const parsed = URL.canParse(s) ? new URL(s) : undefined;
  if (
    !parsed ||
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    !parsed.hostname ||
    parsed.search ||
    parsed.hash ||
    parsed.username ||
    parsed.password
  ) {
    ctx.addIssue({ code: 'custom', message: PUBLIC_URL_MESSAGE });
    return z.NEVER;
  }
  // Without a trailing slash, so `${PUBLIC_URL}/docs/…` is right whether or not one was typed.
  return parsed.href.replace(/\/+$/, '');
});

/** The URL of the local web server when PUBLIC_URL is not set: what a browser on this machine opens. */
export function defaultPublicUrl(host: string, port: number): string {
  const local = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host);
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** Discord ids are unsigned 64-bit integers. */
const MAX_SNOWFLAKE = 2n ** 64n - 1n;

/** Every environment variable the assistant reads, parsed by one schema. */
export const ConfigSchema = z.object({
  // One check, so that text that is no URL at all gets one line, not two.
  DATABASE_URL: optionalText.refine(
    (s) => s === undefined || (URL.canParse(s) && /^postgres(ql)?:\/\//.test(s)),
    { message: 'expected a postgres:// or postgresql:// URL' },
  ),
  ASCN_DATA_DIR: z.string().trim().min(1).default('./data'),
  ASCN_DOCS_DIR: z.string().trim().min(1).default('./docs'),
  ASCN_INDEX_FILE: optionalText,
  ASCN_CALENDAR_FILE: z.string().trim().min(1).default('./network/calendar.json'),
  PORT: z.coerce
    .number({ message: 'expected a port number' })
    .int({ message: 'expected a whole port number' })
    .min(0, { message: 'expected a port from 0 to 65535' })
    .max(65535, { message: 'expected a port from 0 to 65535' })
    .default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  ASCN_DEMO: z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  SLACK_BOT_TOKEN: optionalText.refine((s) => s === undefined || s.startsWith('xoxb-'), {
    message: 'expected a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((s) => s === undefined || s.startsWith('xapp-'), {
    message: 'expected an app-level token starting with xapp-',
  }),
  SLACK_API_URL: url('a URL such as https://slack.com/api/'),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((s) => s === undefined || /^\d{5,25}$/.test(s), {
    message: 'expected a numeric application id',
  }),
  DISCORD_API_URL: url('a URL such as https://discord.com/api'),
  DISCORD_GUILD_ID: optionalText.refine(
    (s) => s === undefined || (/^\d{17,20}$/.test(s) && BigInt(s) <= MAX_SNOWFLAKE),
    { message: 'expected a numeric guild id (a Discord snowflake, 17 to 20 digits)' },
  ),
  PUBLIC_URL: publicUrl,
  /** Signs the web page's session cookie. Unset: one is generated and kept in the database. */
  ASCN_SESSION_SECRET: optionalText.refine((s) => s === undefined || s.length >= 32, {
    message:
      'expected at least 32 characters of random text (e.g. the output of: openssl rand -base64 48)',
  }),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { message: 'expected debug, info, warn or error' })
    .default('info'),
});

/** Variables that only make sense together; checked even when other values are wrong. */
function missingCompanions(
  env: Record<string, string | undefined>,
): { variable: string; reason: string }[] {
  const set = (name: string) => Boolean(env[name]?.trim());
  const out: { variable: string; reason: string }[] = [];
  if (set('SLACK_BOT_TOKEN') && !set('SLACK_SIGNING_SECRET') && !set('SLACK_APP_TOKEN'))
    out.push({
      variable: 'SLACK_SIGNING_SECRET',
      reason: 'is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
    });
  if (set('DISCORD_TOKEN') && !set('DISCORD_APPLICATION_ID'))
    out.push({ variable: 'DISCORD_APPLICATION_ID', reason: 'is required with DISCORD_TOKEN' });
  return out;
}

/** The parsed configuration; PUBLIC_URL is always set (derived from HOST and PORT when unset). */
export type Config = Omit<z.output<typeof ConfigSchema>, 'PUBLIC_URL'> & { PUBLIC_URL: string };

/** A configuration value that is wrong; the message names the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; reason: string }[]) {
    super(
      `Configuration problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment; throws ConfigError naming each bad variable. Empty (or blank)
 * strings count as unset everywhere: `PORT=""` means the default port, not port 0.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = ConfigSchema.safeParse(set);
  const problems = [
    ...(result.error?.issues ?? []).map((i) => ({
      variable: String(i.path[0] ?? '(environment)'),
      reason: i.message,
    })),
    ...missingCompanions(env),
  ];
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const { PUBLIC_URL, ...rest } = result.data;
  return { ...rest, PUBLIC_URL: PUBLIC_URL ?? defaultPublicUrl(rest.HOST, rest.PORT) };
}
