/**
 * Test only (not built): the real web server with the dashboard on generated data, and real
 * sign-in: `sessionOf(officerId)` grants a one-time link, opens it as a browser would and
 * gives back the session cookie.
 */
import { fileURLToPath } from 'node:url';
import { createAssistant, fakeClock, indexStoredPractices } from '@ascn/core';
import { openKnowledgeBase } from '@ascn/knowledge';
import { grantSignInLink, openStore, type Store } from '@ascn/store';
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
  /** A signed-in session of this officer: the `cookie` header value (`name=value`). */
  sessionOf(officerId: string): Promise<{ name: string; value: string; header: string }>;
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
    access: {
      secret: 'dashboard-test-secret-'.padEnd(40, 'x'),
      publicUrl: () => 'http://ascn.test',
    },
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const sessions = new Map<string, { name: string; value: string; header: string }>();
  return {
    base,
    store,
    server,
    network,
    async sessionOf(officerId) {
      const known = sessions.get(officerId);
      if (known) return known;
      const now = new Date();
      const granted = await grantSignInLink(store.db, {
        officerId,
        now,
        expiresAt: new Date(now.getTime() + 3_600_000),
      });
      if (!granted.ok) throw new Error(`cannot sign in ${officerId}: ${granted.reason}`);
      const posted = await fetch(`${base}/signin/${granted.link.token}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      const cookie = posted.headers.getSetCookie()[0]?.split(';')[0];
      if (posted.status !== 303 || !cookie) throw new Error(`sign-in refused: ${posted.status}`);
      const at = cookie.indexOf('=');
      const session = { name: cookie.slice(0, at), value: cookie.slice(at + 1), header: cookie };
      sessions.set(officerId, session);
      return session;
    },
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}
