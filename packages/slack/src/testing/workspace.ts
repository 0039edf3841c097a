/**
 * The seed of a fake Slack workspace: the team, the app and its bot user, people with their
 * time zones and e-mail addresses, and channels. Everything is example data.
 */

export interface FakeUserSeed {
  /** Slack user id, e.g. `U0ALICE01`. */
  id: string;
  /** The handle (`name` in users.info). */
  name: string;
  realName?: string;
  email?: string;
  /** IANA zone, e.g. `Asia/Yangon`. `tz_offset` and `tz_label` are derived from it. */
  tz?: string;
  isAdmin?: boolean;
  deleted?: boolean;
}

export interface FakeChannelSeed {
  /** Slack channel id, e.g. `C0GENERAL`. */
  id: string;
  name: string;
  isPrivate?: boolean;
  /** Member user ids; when left out every seeded user (and the bot) is a member. */
  members?: string[];
}

export interface WorkspaceSeed {
  teamId: string;
  teamDomain: string;
  teamName: string;
  enterpriseId?: string;
  appId: string;
  botUserId: string;
  botId: string;
  botName: string;
  users: FakeUserSeed[];
  channels: FakeChannelSeed[];
}

export const DEFAULT_WORKSPACE: WorkspaceSeed = {
  teamId: 'T0ASCN001',
  teamDomain: 'ascn-test',
  teamName: 'ASCN Test',
  appId: 'A0ASCN001',
  botUserId: 'U0BOT0001',
  botId: 'B0BOT0001',
  botName: 'ascn',
  users: [
    {
      id: 'U0ALICE01',
      name: 'alice',
      realName: 'Alice Example',
      email: 'alice@example.org',
      tz: 'Asia/Yangon',
    },
    {
      id: 'U0BUDI002',
      name: 'budi',
      realName: 'Budi Example',
      email: 'budi@example.org',
      tz: 'Asia/Makassar',
    },
    {
      id: 'U0CHAN003',
      name: 'chan',
      realName: 'Chan Example',
      email: 'chan@example.org',
      tz: 'Asia/Singapore',
      isAdmin: true,
    },
  ],
  channels: [
    { id: 'C0GENERAL', name: 'general' },
    { id: 'C0CITIES1', name: 'cities' },
  ],
};

/** The default workspace with some fields replaced (arrays are replaced, not merged). */
export function workspaceSeed(overrides: Partial<WorkspaceSeed> = {}): WorkspaceSeed {
  return { ...DEFAULT_WORKSPACE, ...overrides };
}

/** Offset from UTC in seconds of `zone` at `at` (what users.info calls `tz_offset`). */
export function zoneOffsetSeconds(zone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
  return match[1] === '-' ? -seconds : seconds;
}

/** The zone's long name at `at`, e.g. "Myanmar Time" (what users.info calls `tz_label`). */
export function zoneLabel(zone: string, at: Date): string {
  return (
    new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'long' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? zone
  );
}
