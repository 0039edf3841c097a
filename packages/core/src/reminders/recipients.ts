import { CITIES, cityById } from '@ascn/domain';
import type { Platform, RecipientKind } from '@ascn/store';

/** Where a delivery goes, and the zone its local times are computed in. */
export interface Recipient {
  kind: RecipientKind;
  /** Officer id, or `platform:channelId` for a channel (see {@link channelRecipientId}). */
  id: string;
  timeZone: string;
}

/** The zone used when an officer has neither a zone, a city nor a country. */
export const FALLBACK_ZONE = 'Asia/Singapore';

export interface OfficerLike {
  id: string;
  cityId?: string | null;
  country?: string | null;
  timeZone?: string | null;
  removedAt?: Date | null;
}

export interface ChannelLike {
  platform: Platform;
  channelId: string;
  timeZone: string;
  reminders?: boolean;
}

/**
 * An officer's zone: their own when set (an officer may live away from their city), else
 * their city's, else the first zone of their member state, else {@link FALLBACK_ZONE}.
 */
export function officerZone(officer: OfficerLike): string {
  if (officer.timeZone) return officer.timeZone;
  const city = officer.cityId ? cityById(officer.cityId) : undefined;
  if (city) return city.timeZone;
  const ofState = officer.country ? CITIES.find((c) => c.country === officer.country) : undefined;
  return ofState?.timeZone ?? FALLBACK_ZONE;
}

/** A channel's recipient id: `slack:C0123`, `discord:1234`, `web:general`. */
export function channelRecipientId(platform: Platform, channelId: string): string {
  return `${platform}:${channelId}`;
}

/** The platform and channel of a channel recipient id. */
export function parseChannelRecipientId(id: string): { platform: Platform; channelId: string } {
  const at = id.indexOf(':');
  if (at < 0) throw new RangeError(`not a channel recipient id: ${id}`);
  return { platform: id.slice(0, at) as Platform, channelId: id.slice(at + 1) };
}

/**
 * The recipients of calendar reminders: every officer not removed (at their zone) and every
 * channel with reminders on (at the channel's zone).
 */
export function reminderRecipients(input: {
  officers?: readonly OfficerLike[];
  channels?: readonly ChannelLike[];
}): Recipient[] {
  const officers = (input.officers ?? [])
    .filter((o) => !o.removedAt)
    .map((o): Recipient => ({ kind: 'officer', id: o.id, timeZone: officerZone(o) }));
  const channels = (input.channels ?? [])
    .filter((c) => c.reminders)
    .map(
      (c): Recipient => ({
        kind: 'channel',
        id: channelRecipientId(c.platform, c.channelId),
        timeZone: c.timeZone,
      }),
    );
  return [...officers, ...channels];
}
