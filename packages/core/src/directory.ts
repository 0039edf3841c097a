import { cityById, FocusAreaId, Officer, type OfficerInput } from '@ascn/domain';
import {
  type ChannelInput,
  type ChannelRow,
  type IdentityKey,
  linkIdentity,
  removeOfficer as removeStoredOfficer,
  type Store,
  type StoredOfficer,
  upsertChannel,
  upsertOfficer,
} from '@ascn/store';
import { BadInput } from './errors.js';

/**
 * Registers (or re-registers) an officer, with their chat accounts; validation errors name
 * the field. An account that belongs to another officer is refused, and nothing is stored.
 */
export async function registerOfficer(
  store: Store,
  input: OfficerInput,
  identities: readonly IdentityKey[] = [],
): Promise<StoredOfficer> {
  const parsed = Officer.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new BadInput(`${String(i.path[0] ?? 'officer')}: ${i.message}`);
  }
  const city = parsed.data.cityId ? cityById(parsed.data.cityId) : undefined;
  if (parsed.data.cityId && !city)
    throw new BadInput(`city: ${parsed.data.cityId} is not a city of the network`);
  return store.db.transaction().execute(async (trx) => {
    // A city's officer belongs to the city's member state.
    const officer = await upsertOfficer(trx, {
      ...parsed.data,
      country: parsed.data.country ?? city?.country,
    });
    for (const identity of identities)
      if (!(await linkIdentity(trx, identity, officer.id)))
        throw new BadInput(
          `That ${identity.platform === 'slack' ? 'Slack' : identity.platform === 'discord' ? 'Discord' : identity.platform} account (${identity.userId}) is already registered to another officer.`,
        );
    return officer;
  });
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
    name: existing && existing.name !== existing.channelId ? existing.name : input.name,
    focusAreas: input.focusAreas ? focus : (existing?.focusAreas ?? []),
    reminders: input.reminders ?? existing?.reminders ?? false,
    timeZone: input.timeZone,
    cityId: input.cityId !== undefined ? input.cityId : (existing?.cityId ?? null),
    answerQuestions: input.answerQuestions ?? existing?.answerQuestions ?? false,
    workspaceId: input.workspaceId ?? existing?.workspaceId ?? '',
  });
}

export function cityName(id: string | null | undefined): string {
  return (id && cityById(id)?.name) || id || 'no city';
}
