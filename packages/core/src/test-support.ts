import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCalendarFile } from '@ascn/domain';
import { type KnowledgeBase, openKnowledgeBase } from '@ascn/knowledge';
import { openStore, type Store } from '@ascn/store';
import { createScratchDatabase, probeTestServer } from '@ascn/store/testing';
import { type Assistant, createAssistant } from './assistant.js';
import { seedDemo } from './demo.js';
import { seedEvents } from './events.js';
import type { Incoming } from './identity.js';
import { type FakeClock, fakeClock } from './reminders/clock.js';
import { claimDue, type Delivery, markSent } from './reminders/outbox.js';

export const DOCS_DIR = fileURLToPath(new URL('../../../docs/', import.meta.url));
const CALENDAR_FILE = fileURLToPath(new URL('../../../network/calendar.json', import.meta.url));

let knowledge: Promise<KnowledgeBase> | undefined;
/** The real knowledge base (docs/), shared by the tests of one file. */
export function realKnowledge(): Promise<KnowledgeBase> {
  knowledge ??= openKnowledgeBase({ docsDir: DOCS_DIR });
  return knowledge;
}

/** The databases every store-backed test runs on: embedded PGlite, and the server when it answers. */
export async function databases(): Promise<
  Array<{ name: string; open: () => Promise<{ store: Store; drop: () => Promise<void> }> }>
> {
  const list = [
    {
      name: 'pglite',
      open: async () => ({ store: await openStore({ inMemory: true }), drop: async () => {} }),
    },
  ];
  const server = await probeTestServer();
  if (server.available)
    list.push({
      name: 'postgres',
      open: async () => {
        const scratch = await createScratchDatabase(server.url, 'ascn_core');
        const store = await openStore({ databaseUrl: scratch.url });
        return { store, drop: () => scratch.drop() };
      },
    });
  return list;
}

export interface World {
  store: Store;
  assistant: Assistant;
  clock: FakeClock;
  /** Every message sent so far, in order. */
  outbox: Delivery[];
  /** Delivers everything due at the clock's now, as the delivery loop would. */
  deliverDue(): Promise<Delivery[]>;
  /**
   * An event from the local web page as this example person (null: a guest), in the web
   * channel `general` unless said otherwise; each gets a fresh event id unless one is given.
   */
  as(officerId: string | null, opts?: { channelId?: string; eventId?: string }): Incoming;
  /** An event from a chat platform's user, in a channel. */
  on(
    platform: 'slack' | 'discord',
    userId: string,
    opts?: { channelId?: string; eventId?: string; workspaceId?: string },
  ): Incoming;
}

let eventCounter = 0;
const nextEventId = () => `test-event-${++eventCounter}`;

export async function world(store: Store, start: string): Promise<World> {
  await seedDemo(store);
  await seedEvents(store.db, parseCalendarFile(CALENDAR_FILE, readFileSync(CALENDAR_FILE, 'utf8')));
  const clock = fakeClock(start);
  const assistant = createAssistant({ store, knowledge: await realKnowledge(), clock });
  const outbox: Delivery[] = [];
  return {
    store,
    assistant,
    clock,
    outbox,
    async deliverDue() {
      const claimed = await claimDue(store.db, { workerId: 'test', now: clock.now(), limit: 500 });
      for (const d of claimed) await markSent(store.db, d.id, `test:${d.id}`, clock.now());
      outbox.push(...claimed);
      return claimed;
    },
    as: (officerId, opts = {}) => ({
      platform: 'web',
      workspaceId: 'local',
      userId: officerId ?? 'guest',
      where: { kind: 'channel', channelId: opts.channelId ?? 'general' },
      eventId: opts.eventId ?? nextEventId(),
    }),
    on: (platform, userId, opts = {}) => ({
      platform,
      workspaceId: opts.workspaceId ?? (platform === 'slack' ? 'T1' : 'G1'),
      userId,
      where: { kind: 'channel', channelId: opts.channelId ?? 'C1' },
      eventId: opts.eventId ?? nextEventId(),
    }),
  };
}
