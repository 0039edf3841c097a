import { openStore, removeOfficer, type Store } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from './assistant.js';
import { registerOfficer } from './directory.js';
import { createActorCache, type Incoming } from './identity.js';
import { replyToText } from './reply.js';
import { realKnowledge } from './test-support.js';

const on = (userId: string, eventId = `e-${Math.random()}`): Incoming => ({
  platform: 'slack',
  workspaceId: 'T1',
  userId,
  where: { kind: 'channel', channelId: 'C1' },
  eventId,
});

let store: Store;
beforeAll(async () => {
  store = await openStore({ inMemory: true });
});
afterAll(() => store.close());

describe('who is speaking, remembered for reads', () => {
  it('sees an officer registered by another process once the remembered answer expires', async () => {
    let now = 0;
    const actors = createActorCache(store, { ttlMs: 30_000, now: () => now });
    expect((await actors.resolve(on('U-NEW'))).officer).toBeNull();
    await registerOfficer(
      store,
      { id: 'csco-hanoi', name: 'Example CSCO, Hanoi', role: 'csco', cityId: 'ha-noi' },
      [{ platform: 'slack', workspaceId: 'T1', userId: 'U-NEW' }],
    );
    now = 29_000;
    expect((await actors.resolve(on('U-NEW'))).officer).toBeNull();
    now = 30_001;
    const actor = await actors.resolve(on('U-NEW', 'the-event'));
    expect(actor.officer?.id).toBe('csco-hanoi');
    expect(actor.zone).toBe('Asia/Ho_Chi_Minh');
    // The event's own details always come from the event, never from the cache.
    expect(actor.eventId).toBe('the-event');
    actors.clear();
    await removeOfficer(store.db, 'csco-hanoi');
    expect((await actors.resolve(on('U-NEW'))).officer).toBeNull();
  });

  it('checks a role against the store every time, while questions are answered from the cache', async () => {
    const assistant = createAssistant({ store, knowledge: await realKnowledge() });
    await registerOfficer(
      store,
      { id: 'sec-test', name: 'Example Secretariat', role: 'secretariat', country: 'ID' },
      [{ platform: 'slack', workspaceId: 'T1', userId: 'U-SEC' }],
    );
    expect(replyToText(await assistant.handle(on('U-SEC'), 'ask who chairs the ascn'))).toContain(
      'Philippines',
    );
    expect(replyToText(await assistant.handle(on('U-SEC'), 'gaps'))).not.toContain('Only');
    // Removed by another process (the CLI): no Secretariat-only reading any more, at once.
    await removeOfficer(store.db, 'sec-test');
    expect(replyToText(await assistant.handle(on('U-SEC'), 'gaps'))).toBe(
      'Only registered officers can do that. Ask the ASEAN Secretariat to register you.',
    );
  });
});
