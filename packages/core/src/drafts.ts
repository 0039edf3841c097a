import { randomBytes } from 'node:crypto';
import { type Store, sql, toJson } from '@ascn/store';
import { BadInput } from './errors.js';
import type { FormId, FormValues } from './forms.js';

/**
 * A form being filled in steps (Discord shows five inputs at a time) or shown again after an
 * error: what was typed so far, kept in the store so any replica can continue it. A draft
 * belongs to the platform account that started it; nobody else can open or continue it.
 */
export interface Draft {
  id: string;
  formId: FormId;
  context: Record<string, string>;
  values: Record<string, string | string[]>;
}

const DRAFT_DAYS = 7;

export async function saveDraft(
  store: Store,
  owner: { platform: string; userId: string },
  draft: Omit<Draft, 'id'> & { id?: string },
  now: Date,
): Promise<string> {
  const id = draft.id ?? randomBytes(12).toString('base64url');
  await store.db
    .insertInto('formDrafts')
    .values({
      id,
      platform: owner.platform,
      userId: owner.userId,
      formId: draft.formId,
      context: toJson(draft.context),
      values: toJson(draft.values),
      updatedAt: now,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ values: toJson(draft.values), updatedAt: now })
        // Only its owner's draft is updated.
        .where('formDrafts.platform', '=', owner.platform)
        .where('formDrafts.userId', '=', owner.userId),
    )
    .execute();
  return id;
}

/** The owner's draft, or BadInput when it is gone or someone else's. */
export async function loadDraft(
  store: Store,
  owner: { platform: string; userId: string },
  id: string,
  now: Date,
): Promise<Draft> {
  const row = await store.db
    .selectFrom('formDrafts')
    .selectAll()
    .where('id', '=', id)
    .where('platform', '=', owner.platform)
    .where('userId', '=', owner.userId)
    .where('updatedAt', '>', sql<Date>`${now}::timestamptz - make_interval(days => ${DRAFT_DAYS})`)
    .executeTakeFirst();
  if (!row) throw new BadInput('That form has expired or is not yours; please open it again.');
  return {
    id: row.id,
    formId: row.formId as FormId,
    context: row.context as Record<string, string>,
    values: row.values as Record<string, string | string[]>,
  };
}

export async function deleteDraft(store: Store, id: string): Promise<void> {
  await store.db.deleteFrom('formDrafts').where('id', '=', id).execute();
}

/** The draft's values with the newly typed ones over them. */
export function mergeValues(draft: Draft | undefined, values: FormValues): FormValues {
  return { ...(draft?.values ?? {}), ...values };
}
