/**
 * Test only (not built): the real web server with the dashboard on generated data, and a
 * stand-in for sign-in: the officer named in the `x-test-officer` header (or the
 * `test-officer` cookie, which the browser also sends with a download) is the viewer.
 * Sign-in (another change) sets `request.viewer` from its session cookie the same way.
 */
import { fileURLToPath } from 'node:url';
import { createAssistant, fakeClock, indexStoredPractices } from '@ascn/core';
import { openKnowledgeBase } from '@ascn/knowledge';
import { openStore, type Store } from '@ascn/store';
import type { FastifyInstance } from 'fastify';
import { docsFolderPages } from '../doc-page.js';
import { createWebServer } from '../web.js';
import { type GeneratedNetwork, type GenerateOptions, seedGeneratedNetwork } from './generated.js';

const DOCS = fileURLToPath(new URL('../../../../docs/', import.meta.url));
export const TEST_NOW = new Date('2026-12-17T03:30:00Z');

export interface TestServer {
  base: string;
  store: Store;
  server: FastifyInstance;
  network: GeneratedNetwork;
  close(): Promise<void>;
}

export async function startTestServer(
  opts: Partial<GenerateOptions> & { chromiumPath?: string } = {},
): Promise<TestServer> {
  const store = await openStore({ inMemory: true });
  const network = await seedGeneratedNetwork(store, {
    cities: 32,
    rounds: 4,
    projectsPerCity: 5,
    now: TEST_NOW,
    ...opts,
  });
  const knowledge = await openKnowledgeBase({ docsDir: DOCS, warn: () => {} });
  await indexStoredPractices(store, knowledge);
  const clock = fakeClock(TEST_NOW.toISOString());
  const assistant = createAssistant({ store, knowledge, clock, publicUrl: 'http://ascn.test' });
  const server = createWebServer({
    store,
    assistant,
    log: () => {},
    health: () => ({}),
    docs: docsFolderPages({
      docsDir: DOCS,
      indexed: () => knowledge.sections().map((s) => s.path),
    }),
    dashboard: {
      knowledge,
      now: () => clock.now(),
      cities: network.cities,
      ...(opts.chromiumPath ? { chromiumPath: opts.chromiumPath } : {}),
    },
    closeGraceMs: 200,
  });
  server.addHook('onRequest', async (request) => {
    const cookie = /(?:^|;\s*)test-officer=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const id = request.headers['x-test-officer'] ?? cookie;
    if (typeof id !== 'string') return;
    const officer = await store.db
      .selectFrom('officers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    request.viewer = { officer: officer ?? null };
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    base,
    store,
    server,
    network,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}
