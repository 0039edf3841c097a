import { type BestPractice, cityById, FOCUS_AREAS, type FocusAreaId } from '@ascn/domain';
import { formatProblem, type KnowledgeBase } from '@ascn/knowledge';
import type { PracticeRow, Store } from '@ascn/store';
import { toJson } from '@ascn/store';
import type { Content, List, Root } from 'mdast';
import { frontmatterToMarkdown } from 'mdast-util-frontmatter';
import { toMarkdown } from 'mdast-util-to-markdown';
import { stringify as toYaml } from 'yaml';
import { cityName } from './directory.js';
import { NotAllowed } from './errors.js';
import { type Actor, requireOfficer } from './identity.js';
import type { PracticePayload } from './payloads.js';
import { enqueue } from './reminders/outbox.js';
import { channelRecipientId } from './reminders/recipients.js';

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

const day = (d: Date) => d.toISOString().slice(0, 10);

/** What a person typed, as paragraphs of plain text: never markup, links or headings. */
function paragraphs(typed: string): Content[] {
  return typed
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ type: 'paragraph', children: [{ type: 'text', value: p }] }));
}

const section = (title: string, children: Content[]): Content[] => [
  { type: 'heading', depth: 2, children: [{ type: 'text', value: title }] },
  ...children,
];

/**
 * A shared practice as a knowledge-base page, labelled as shared in chat and not reviewed. It
 * is built as a Markdown tree (front matter as YAML data, what people typed as text nodes), so
 * whatever they typed — links, headings, HTML, front-matter fences — stays text.
 */
export function practiceMarkdown(p: PracticeRow, sharedBy: string | null): string {
  const city = cityById(p.cityId)?.name ?? p.cityId;
  const areas = p.focusAreas.map((f) => FOCUS_AREAS[f as FocusAreaId] ?? f);
  // Rows stored before links were limited to https keep only their https links.
  const links = (p.links as unknown as string[]).filter((l) => /^https:\/\/[^\s]+$/i.test(l));
  const front = {
    title: p.title,
    summary: `A best practice from ${city} shared in chat (${areas.join(', ')}).`,
    tags: ['best-practice', 'shared', p.cityId, ...p.focusAreas],
    sources: [`urn:ascn:practice:${p.id}`],
    updated: day(p.createdAt),
    ...(cityById(p.cityId) ? { city: p.cityId } : {}),
    focusAreas: p.focusAreas,
  };
  const linkList: List = {
    type: 'list',
    ordered: false,
    spread: false,
    children: links.map((url) => ({
      type: 'listItem',
      spread: false,
      children: [
        {
          type: 'paragraph',
          children: [{ type: 'link', url, children: [{ type: 'text', value: url }] }],
        },
      ],
    })),
  };
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'yaml', value: toYaml(front).trimEnd() },
      { type: 'heading', depth: 1, children: [{ type: 'text', value: p.title }] },
      {
        type: 'paragraph',
        children: [
          {
            type: 'text',
            value: `${city} shared this best practice in ${areas.join(', ')}. It was shared in chat${sharedBy ? ` by ${sharedBy}` : ''} on ${day(p.createdAt)} and has not been reviewed by the ASEAN Secretariat.`,
          },
        ],
      },
      ...section('Problem', paragraphs(p.problem)),
      ...section('Solution', paragraphs(p.solution)),
      ...(p.results ? section('Results', paragraphs(p.results)) : []),
      ...(p.contact || links.length > 0
        ? section('Contact and links', [
            ...(p.contact ? paragraphs(`Contact: ${p.contact}`) : []),
            ...(links.length > 0 ? [linkList] : []),
          ])
        : []),
    ],
  };
  return toMarkdown(tree, { extensions: [frontmatterToMarkdown(['yaml'])] });
}

/**
 * A registered officer who is not an example person: a practice goes into the knowledge base
 * everyone searches and is announced to real channels, so it is never example data.
 */
export function requireMayShare(actor: Actor) {
  const officer = requireOfficer(actor);
  if (officer.example)
    throw new NotAllowed(
      'Example people cannot share practices: a shared practice goes into the knowledge base everyone searches and is announced to real channels. Ask the Secretariat for a sign-in link to share as yourself.',
    );
  return officer;
}

/** Who may share for which city: an officer for their own city, a National Representative for their state. */
function checkMayShareFor(actor: Actor, cityId: string): void {
  const officer = requireMayShare(actor);
  if (officer.role === 'csco' && officer.cityId !== cityId)
    throw new NotAllowed(`You can share practices for ${cityName(officer.cityId)} only.`);
  if (officer.role === 'national-representative' && cityById(cityId)?.country !== officer.country)
    throw new NotAllowed('You can share practices for cities of your own member state only.');
}

export function practicePayload(p: PracticeRow, sharedBy: string | null): PracticePayload {
  return {
    v: 1,
    type: 'practice',
    practice: {
      id: p.id,
      title: p.title,
      cityId: p.cityId,
      focusAreas: p.focusAreas,
      problem: p.problem,
      solution: p.solution,
      results: p.results,
      sharedBy,
    },
  };
}

/**
 * Stores a practice once (the idempotency key makes a retried submit a no-op), queues its
 * announcement to every channel that follows one of its focus areas in the same
 * transaction, and makes it searchable at once in this process (other processes pick it up
 * with {@link watchPractices}).
 */
export async function sharePractice(
  deps: { store: Store; knowledge: KnowledgeBase; now: Date; onError?: (e: unknown) => void },
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
        payload: practicePayload(inserted, officer.name),
      });
    }
    return { practice: inserted, created: true };
  });
  indexPractices(deps.knowledge, [{ ...result.practice, officerName: officer.name }], deps.onError);
  return result;
}

type PracticeWithName = PracticeRow & { officerName: string | null };

/**
 * Adds stored practices to the knowledge base in one index update. A page that cannot be
 * indexed is reported and skipped: what people typed never stops the assistant.
 */
export function indexPractices(
  knowledge: KnowledgeBase,
  rows: readonly PracticeWithName[],
  onError: (error: unknown) => void = () => {},
): number {
  const pages: Array<{ path: string; markdown: string }> = [];
  for (const { officerName, ...p } of rows) {
    try {
      pages.push({ path: practicePath(p), markdown: practiceMarkdown(p, officerName) });
    } catch (error) {
      onError(new Error(`practice ${p.id} could not be turned into a page: ${String(error)}`));
    }
  }
  if (pages.length === 0) return 0;
  let broken = 0;
  knowledge.addDocuments(pages, {
    onBroken(path, problems) {
      broken++;
      onError(new Error(`${path} could not be indexed: ${problems.map(formatProblem).join('; ')}`));
    },
  });
  return pages.length - broken;
}

/**
 * The page of a shared practice by its knowledge-base path (`shared/practice-<id>-<slug>.md`),
 * for the web server's `/docs/…`; undefined when there is no such practice or the slug differs.
 */
export async function sharedPracticePage(store: Store, path: string): Promise<string | undefined> {
  const m = /^shared\/practice-(\d{1,9})-[a-z0-9-]+\.md$/.exec(path);
  if (!m) return undefined;
  const row = await store.db
    .selectFrom('practices')
    .leftJoin('officers', 'officers.id', 'practices.officerId')
    .selectAll('practices')
    .select('officers.name as officerName')
    .where('practices.id', '=', Number(m[1]))
    .executeTakeFirst();
  if (!row) return undefined;
  const { officerName, ...p } = row;
  return practicePath(p) === path ? practiceMarkdown(p, officerName) : undefined;
}

async function practicesAfter(store: Store, afterId: number): Promise<PracticeWithName[]> {
  return store.db
    .selectFrom('practices')
    .leftJoin('officers', 'officers.id', 'practices.officerId')
    .selectAll('practices')
    .select('officers.name as officerName')
    .where('practices.id', '>', afterId)
    .orderBy('practices.id')
    .limit(1000)
    .execute();
}

/** Every stored practice into the in-memory index, once (the CLI; the app uses {@link watchPractices}). */
export async function indexStoredPractices(
  store: Store,
  knowledge: KnowledgeBase,
  onError?: (error: unknown) => void,
): Promise<number> {
  const watch = watchPractices({ store, knowledge, ...(onError ? { onError } : {}) });
  try {
    return await watch.check();
  } finally {
    await watch.stop();
  }
}

export interface PracticeWatch {
  /** Picks up practices shared by other processes now (also runs every `intervalMs`). */
  check(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Keeps this process's index in step with the practices stored in the database: the first
 * `check()` (await it at start-up) indexes every stored practice; then every `intervalMs`
 * (default 1 s) one primary-key query asks for rows after the last one seen, so a practice
 * shared through another process on the same PostgreSQL is found here within about a second.
 */
export function watchPractices(input: {
  store: Store;
  knowledge: KnowledgeBase;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}): PracticeWatch {
  const { store, knowledge } = input;
  const onError = input.onError ?? (() => {});
  let last = 0;
  let running: Promise<number> | undefined;
  const check = () =>
    (running ??= (async () => {
      try {
        let added = 0;
        for (;;) {
          const rows = await practicesAfter(store, last);
          if (rows.length === 0) return added;
          last = rows[rows.length - 1]!.id;
          added += indexPractices(knowledge, rows, onError);
        }
      } catch (error) {
        onError(error);
        return 0;
      } finally {
        running = undefined;
      }
    })());
  const timer = setInterval(() => void check(), input.intervalMs ?? 1000);
  timer.unref();
  return {
    check,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
