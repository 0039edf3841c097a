import { cityById, FocusAreaId, Officer, type OfficerInput } from '@ascn/domain';
import {
  type ChannelInput,
  type ChannelRow,
  type OfficerRow,
  type Platform,
  removeOfficer as removeStoredOfficer,
  type Store,
  type StoredOfficer,
  upsertChannel,
  upsertOfficer,
} from '@ascn/store';
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

/** Registers (or re-registers) an officer; validation errors name the field. */
export async function registerOfficer(store: Store, input: OfficerInput): Promise<StoredOfficer> {
  const parsed = Officer.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new BadInput(`${String(i.path[0] ?? 'officer')}: ${i.message}`);
  }
  const city = parsed.data.cityId ? cityById(parsed.data.cityId) : undefined;
  if (parsed.data.cityId && !city)
    throw new BadInput(`city: ${parsed.data.cityId} is not a city of the network`);
  try {
    // A city's officer belongs to the city's member state.
    return await upsertOfficer(store.db, {
      ...parsed.data,
      country: parsed.data.country ?? city?.country,
    });
  } catch (error) {
    if (/unique|duplicate/i.test(String((error as Error).message)))
      throw new BadInput('That Slack or Discord user is already registered to another officer.');
    throw error;
  }
}

/** Removes an officer (kept for history) and cancels what was still to be sent to them. */
export async function removeOfficer(store: Store, id: string, now: Date): Promise<boolean> {
  if (!(await removeStoredOfficer(store.db, id, now))) return false;
  await store.db
    .updateTable('deliveries')
    .set({ status: 'dropped', lastError: 'recipient removed', updatedAt: now })
    .where('recipientKind', '=', 'officer')
    .where('recipientId', '=', id)
    .where('status', '=', 'pending')
    .execute();
  return true;
}

/** Sets what a channel follows; what is not given stays as it was. */
export async function subscribeChannel(
  store: Store,
  input: Omit<ChannelInput, 'reminderDigest'>,
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
  return upsertChannel(store.db, {
    platform: input.platform,
    channelId: input.channelId,
    name: input.name,
    focusAreas: input.focusAreas ? focus : (existing?.focusAreas ?? []),
    reminders: input.reminders ?? existing?.reminders ?? false,
    timeZone: input.timeZone,
  });
}

export function cityName(id: string | null | undefined): string {
  return (id && cityById(id)?.name) || id || 'no city';
}
