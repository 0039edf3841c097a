import { type BestPractice, cityById, FOCUS_AREAS, type FocusAreaId } from '@ascn/domain';
import type { KnowledgeBase } from '@ascn/knowledge';
import type { PracticeRow, Store } from '@ascn/store';
import { toJson } from '@ascn/store';
import { type Actor, NotAllowed, requireOfficer } from './actor.js';
import { cityName } from './directory.js';
import { enqueue } from './reminders/outbox.js';
import { channelRecipientId } from './reminders/recipients.js';
import { type Block, heading, note, reply, text } from './reply.js';

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'practice';

/** Where a shared practice lives in the knowledge base. */
export function practicePath(p: Pick<PracticeRow, 'id' | 'title'>): string {
  return `shared/practice-${p.id}-${slug(p.title)}.md`;
}

const yamlString = (s: string) => JSON.stringify(s);

/** A shared practice as a knowledge-base page, labelled as shared in chat and not reviewed. */
export function practiceMarkdown(p: PracticeRow, sharedBy: string | null): string {
  const city = cityById(p.cityId);
  const areas = p.focusAreas.map((f) => FOCUS_AREAS[f as FocusAreaId] ?? f);
  const links = p.links as unknown as string[];
  const lines = [
    '---',
    `title: ${yamlString(p.title)}`,
    `summary: ${yamlString(`A best practice from ${city?.name ?? p.cityId} shared in chat (${areas.join(', ')}).`)}`,
    `tags: [best-practice, shared, ${[p.cityId, ...p.focusAreas].join(', ')}]`,
    `sources: [${yamlString(`urn:ascn:practice:${p.id}`)}]`,
    `updated: ${p.createdAt.toISOString().slice(0, 10)}`,
    `city: ${p.cityId}`,
    `focusAreas: [${p.focusAreas.join(', ')}]`,
    '---',
    '',
    `# ${p.title}`,
    '',
    `${city?.name ?? p.cityId} shared this best practice in ${areas.join(', ')}. It was shared in chat${sharedBy ? ` by ${sharedBy}` : ''} on ${p.createdAt.toISOString().slice(0, 10)} and has not been reviewed by the ASEAN Secretariat.`,
    '',
    '## Problem',
    '',
    p.problem,
    '',
    '## Solution',
    '',
    p.solution,
    '',
  ];
  if (p.results) lines.push('## Results', '', p.results, '');
  if (p.contact || links.length > 0) {
    lines.push('## Contact and links', '');
    if (p.contact) lines.push(`Contact: ${p.contact}`, '');
    for (const l of links) lines.push(`- <${l}>`);
    lines.push('');
  }
  return lines.join('\n');
}

export function practiceBlocks(p: PracticeRow): Block[] {
  return [
    heading(`New best practice: ${p.title}`),
    {
      kind: 'fields',
      fields: [
        { label: 'City', value: cityName(p.cityId) },
        {
          label: 'Focus areas',
          value: p.focusAreas.map((f) => FOCUS_AREAS[f as FocusAreaId] ?? f).join(', '),
        },
      ],
    },
    text(`Problem: ${p.problem}`),
    text(`Solution: ${p.solution}`),
    ...(p.results ? [text(`Results: ${p.results}`)] : []),
    note('Shared in chat; not reviewed by the ASEAN Secretariat. Ask me about it any time.'),
  ];
}

/** Who may share for which city: an officer for their own city, a National Representative for their state. */
function checkMayShareFor(actor: Actor, cityId: string): void {
  const officer = requireOfficer(actor);
  if (officer.role === 'csco' && officer.cityId !== cityId)
    throw new NotAllowed(`You can share practices for ${cityName(officer.cityId)} only.`);
  if (officer.role === 'national-representative' && cityById(cityId)?.country !== officer.country)
    throw new NotAllowed('You can share practices for cities of your own member state only.');
}

/**
 * Stores a practice once (the idempotency key makes a retried submit a no-op), queues its
 * announcement to every channel that follows one of its focus areas in the same
 * transaction, and makes it searchable at once.
 */
export async function sharePractice(
  deps: { store: Store; knowledge: KnowledgeBase; now: Date },
  actor: Actor,
  practice: BestPractice,
  idempotencyKey: string,
): Promise<{ practice: PracticeRow; created: boolean }> {
  checkMayShareFor(actor, practice.city);
  const officer = actor.officer!;
  const { store, now } = deps;
  const result = await store.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('practices')
      .values({
        idempotencyKey,
        title: practice.title,
        cityId: practice.city,
        focusAreas: practice.focusAreas,
        problem: practice.problem,
        solution: practice.solution,
        results: practice.results ?? null,
        contact: practice.contact ?? null,
        links: toJson(practice.links),
        officerId: officer.id,
        createdAt: now,
      })
      .onConflict((c) => c.column('idempotencyKey').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx
        .selectFrom('practices')
        .selectAll()
        .where('idempotencyKey', '=', idempotencyKey)
        .executeTakeFirstOrThrow();
      return { practice: existing, created: false };
    }
    const channels = (await trx.selectFrom('channels').selectAll().execute()).filter((c) =>
      c.focusAreas.some((f) => inserted.focusAreas.includes(f)),
    );
    for (const c of channels) {
      const recipient = {
        kind: 'channel' as const,
        id: channelRecipientId(c.platform, c.channelId),
      };
      await enqueue(trx, {
        dedupeKey: `practice:${inserted.id}:announce:${recipient.id}`,
        kind: 'announcement',
        recipient,
        dueAt: now,
        payload: { reply: reply(practiceBlocks(inserted), { visibility: 'public' }) },
      });
    }
    return { practice: inserted, created: true };
  });
  indexPractice(deps.knowledge, result.practice, officer.name);
  return result;
}

export function indexPractice(
  knowledge: KnowledgeBase,
  p: PracticeRow,
  sharedBy: string | null,
): void {
  knowledge.addDocument({ path: practicePath(p), markdown: practiceMarkdown(p, sharedBy) });
}

/** At start-up: every stored practice goes back into the in-memory index. */
export async function indexStoredPractices(
  store: Store,
  knowledge: KnowledgeBase,
): Promise<number> {
  const rows = await store.db
    .selectFrom('practices')
    .leftJoin('officers', 'officers.id', 'practices.officerId')
    .selectAll('practices')
    .select('officers.name as officerName')
    .orderBy('practices.id')
    .execute();
  // One index rebuild for all of them, not one per practice.
  knowledge.addDocuments(
    rows.map(({ officerName, ...p }) => ({
      path: practicePath(p),
      markdown: practiceMarkdown(p, officerName),
    })),
  );
  return rows.length;
}
