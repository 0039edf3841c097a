import { CITIES, cityById, FocusAreaId, Officer, type OfficerInput } from '@ascn/domain';
import type { ChannelRow, OfficerRow, Platform, Store } from '@ascn/store';
import { BadInput } from './actor.js';

export async function findOfficerByIdentity(
  store: Store,
  platform: Platform,
  userId: string,
): Promise<OfficerRow | null> {
  const q = store.db.selectFrom('officers').selectAll().where('removedAt', 'is', null);
  const row =
    platform === 'slack'
      ? await q.where('slackUserId', '=', userId).executeTakeFirst()
      : platform === 'discord'
        ? await q.where('discordUserId', '=', userId).executeTakeFirst()
        : await q.where('id', '=', userId).executeTakeFirst();
  return row ?? null;
}

export async function activeOfficers(store: Store): Promise<OfficerRow[]> {
  return store.db
    .selectFrom('officers')
    .selectAll()
    .where('removedAt', 'is', null)
    .orderBy('id')
    .execute();
}

/** Registers (or re-registers) an officer; validation errors name the field. */
export async function registerOfficer(store: Store, input: OfficerInput): Promise<OfficerRow> {
  const parsed = Officer.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new BadInput(`${String(i.path[0] ?? 'officer')}: ${i.message}`);
  }
  const o = parsed.data;
  const city = o.cityId ? cityById(o.cityId) : undefined;
  if (o.cityId && !city) throw new BadInput(`city: ${o.cityId} is not a city of the network`);
  const row = {
    id: o.id,
    name: o.name,
    role: o.role,
    cityId: o.cityId ?? null,
    country: o.country ?? city?.country ?? null,
    timeZone: o.timeZone ?? null,
    slackUserId: o.slackUserId ?? null,
    discordUserId: o.discordUserId ?? null,
    email: o.email ?? null,
    example: o.example,
    removedAt: null,
  };
  try {
    return await store.db
      .insertInto('officers')
      .values(row)
      .onConflict((c) => c.column('id').doUpdateSet(row))
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (/unique|duplicate/i.test(String((error as Error).message)))
      throw new BadInput('That Slack or Discord user is already registered to another officer.');
    throw error;
  }
}

export async function removeOfficer(store: Store, id: string, now: Date): Promise<boolean> {
  const r = await store.db
    .updateTable('officers')
    .set({ removedAt: now, slackUserId: null, discordUserId: null })
    .where('id', '=', id)
    .where('removedAt', 'is', null)
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n) return false;
  // Nothing more goes out to someone who left.
  await store.db
    .updateTable('deliveries')
    .set({ status: 'dropped', lastError: 'recipient removed', updatedAt: now })
    .where('recipientKind', '=', 'officer')
    .where('recipientId', '=', id)
    .where('status', '=', 'pending')
    .execute();
  return true;
}

/** Sets what a channel follows: focus areas for shared practices, and deadline reminders. */
export async function subscribeChannel(
  store: Store,
  input: {
    platform: Platform;
    channelId: string;
    name: string;
    focusAreas?: string[];
    reminders?: boolean;
    timeZone: string;
  },
): Promise<ChannelRow> {
  const focus = (input.focusAreas ?? []).map((f) => {
    const parsed = FocusAreaId.safeParse(f);
    if (!parsed.success)
      throw new BadInput(
        `"${f}" is not a focus area.`,
        `Focus areas: ${FocusAreaId.options.join(', ')}`,
      );
    return parsed.data;
  });
  const existing = await store.db
    .selectFrom('channels')
    .selectAll()
    .where('platform', '=', input.platform)
    .where('channelId', '=', input.channelId)
    .executeTakeFirst();
  const values = {
    platform: input.platform,
    channelId: input.channelId,
    name: input.name,
    focusAreas: input.focusAreas ? focus : (existing?.focusAreas ?? []),
    reminders: input.reminders ?? existing?.reminders ?? false,
    timeZone: input.timeZone,
  };
  return store.db
    .insertInto('channels')
    .values(values)
    .onConflict((c) => c.columns(['platform', 'channelId']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function channelsFollowing(
  store: Store,
  focusAreas: readonly string[],
): Promise<ChannelRow[]> {
  const all = await store.db.selectFrom('channels').selectAll().execute();
  return all.filter((c) => c.focusAreas.some((f) => focusAreas.includes(f)));
}

export function cityName(id: string | null | undefined): string {
  return (id && CITIES.find((c) => c.id === id)?.name) || id || 'no city';
}
