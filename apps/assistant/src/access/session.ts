import { createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '@ascn/domain';
import {
  checkSignInLink,
  endWebSession,
  findWebSession,
  type LinkRefusal,
  listAccess,
  redeemSignInLink,
  type Store,
} from '@ascn/store';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { accessPage, messagePage, signInPage } from './pages.js';
import { GUEST, type Viewer, viewerOf } from './viewer.js';

/** The session cookie: signed, http-only, SameSite=Lax, Secure when the page is on https. */
export const SESSION_COOKIE = 'ascn_session';
/** The header a signed-in page sends with every state-changing request (see `csrfTokenOf`). */
export const CSRF_HEADER = 'x-csrf-token';
/** How long a session lasts after sign-in. */
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;

export interface AccessOptions {
  store: Store;
  /** Signs the session cookie (ASCN_SESSION_SECRET, or the one kept in the database). */
  secret: string;
  /** Where people reach the server (PUBLIC_URL): its origin is allowed to post, and https makes the cookie Secure. */
  publicUrl: () => string;
  sessionTtlMs?: number;
  /** Sign-in attempts per address (default 20 per 10 minutes). */
  signInLimit?: { max: number; windowMs: number };
  now?: () => Date;
}

/** Answered as a plain HTML page (sign-in and report refusals), not as JSON. */
export class PageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly title: string,
    readonly lines: string[],
  ) {
    super(title);
    this.name = 'PageError';
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const REFUSALS: Record<LinkRefusal, { status: number; title: string; line: string }> = {
  unknown: {
    status: 404,
    title: 'This sign-in link is not valid',
    line: 'Check that the whole link was copied, or ask the Secretariat for a new one.',
  },
  expired: {
    status: 410,
    title: 'This sign-in link has expired',
    line: 'Ask the Secretariat for a new one.',
  },
  used: {
    status: 410,
    title: 'This sign-in link has already been used',
    line: 'Each link works once. If you did not use it yourself, tell the Secretariat, and ask for a new one.',
  },
  revoked: {
    status: 410,
    title: 'This sign-in link was revoked',
    line: 'Ask the Secretariat if you still need access.',
  },
  removed: {
    status: 410,
    title: 'This sign-in link no longer works',
    line: 'The officer it was for is no longer registered.',
  },
};

/**
 * The CSRF token of a signed-in viewer: an HMAC of their session id, so it needs no storage
 * and changes with every session. Null for a guest (who has nothing to forge).
 */
export function csrfTokenOf(viewer: Viewer, secret: string): string | null {
  if (!viewer.sessionId) return null;
  return createHmac('sha256', secret).update(`csrf:${viewer.sessionId}`).digest('base64url');
}

/**
 * Sign-in for the one HTTP server (register it before any route), on the root instance so every route (the dashboard's too)
 * has `request.viewer` and the cross-site check:
 *
 * - a signed cookie → the live session's officer as `request.viewer` (else a guest);
 * - every state-changing request from a browser must come from this site (`Sec-Fetch-Site`,
 *   else `Origin`), and a signed-in one must carry `x-csrf-token`;
 * - `GET /signin/:token` shows whom the link signs in, `POST` uses it once (rate-limited per
 *   address); `POST /api/signout` ends the session; `GET /api/session` tells the page who is
 *   signed in and the CSRF token.
 */
export const accessPlugin = fp(installAccess, { name: 'ascn-access', fastify: '5.x' });

async function installAccess(app: FastifyInstance, options: AccessOptions): Promise<void> {
  const { store, secret } = options;
  const now = options.now ?? (() => new Date());
  const ttl = options.sessionTtlMs ?? SESSION_TTL_MS;
  const secure = () => options.publicUrl().startsWith('https:');

  await app.register(fastifyCookie, { secret, hook: 'onRequest' });
  await app.register(fastifyRateLimit, { global: false });
  app.decorateRequest('viewer', null as unknown as Viewer);

  const cookieOptions = () => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secure(),
    signed: true,
  });
  const clear = (reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secure(),
    });

  // Who is asking: the signed cookie's live session, else a guest.
  app.addHook('onRequest', async (request, reply) => {
    request.viewer = GUEST;
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const unsigned = request.unsignCookie(raw);
    const found =
      unsigned.valid && unsigned.value
        ? await findWebSession(store.db, unsigned.value, now())
        : undefined;
    if (!found) {
      // Ended, expired, revoked or forged: forget it.
      clear(reply);
      return;
    }
    request.viewer = { officer: found.officer, sessionId: unsigned.value! };
  });

  // Cross-site requests change nothing: a form or script on another site is refused.
  app.addHook('onRequest', async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    const refusal = crossSiteRefusal(request, options.publicUrl());
    if (refusal) return reply.code(403).send({ error: refusal });
    const viewer = viewerOf(request);
    if (!viewer.sessionId || isSignInRoute(request)) return;
    const sent = request.headers[CSRF_HEADER];
    const expected = csrfTokenOf(viewer, secret)!;
    if (typeof sent !== 'string' || !sameText(sent, expected))
      return reply.code(403).send({
        error: 'This request is missing the page’s security token; reload the page and try again.',
      });
  });

  const limit = options.signInLimit ?? { max: 20, windowMs: 10 * 60_000 };
  const rateLimit = {
    max: limit.max,
    timeWindow: limit.windowMs,
    errorResponseBuilder: (_request: FastifyRequest, context: { after: string }) =>
      new PageError(429, 'Too many sign-in attempts', [
        `Too many sign-in attempts came from your address. Wait ${context.after} and open the link again.`,
      ]),
  };
  const linkToken = (request: FastifyRequest) =>
    String((request.params as { token?: string }).token ?? '');

  app.get('/signin/:token', { config: { rateLimit } }, async (request, reply) => {
    const check = await checkSignInLink(store.db, linkToken(request), now());
    if (!check.ok) throw refusal(check.reason);
    return reply
      .type('text/html; charset=utf-8')
      .send(signInPage(check.officer.name, `/signin/${encodeURIComponent(linkToken(request))}`));
  });

  app.register(async (scope) => {
    // The sign-in form posts no fields; take whatever body a browser sends with it.
    scope.addContentTypeParser('application/x-www-form-urlencoded', (_r, _p, done) =>
      done(null, {}),
    );
    scope.post('/signin/:token', { config: { rateLimit } }, async (request, reply) => {
      const result = await redeemSignInLink(store.db, linkToken(request), {
        now: now(),
        sessionTtlMs: ttl,
      });
      if (!result.ok) throw refusal(result.reason);
      // A session already open in this browser ends: one person per browser.
      const previous = viewerOf(request).sessionId;
      if (previous) await endWebSession(store.db, previous, now());
      reply.setCookie(SESSION_COOKIE, result.session.sessionId, {
        ...cookieOptions(),
        maxAge: Math.floor(ttl / 1000),
      });
      return reply.code(303).header('location', '/').send();
    });
  });

  app.post('/api/signout', async (request, reply) => {
    const { sessionId } = viewerOf(request);
    if (sessionId) await endWebSession(store.db, sessionId, now());
    clear(reply);
    return { signedIn: false };
  });

  // Who can sign in: the Secretariat's view of `ascn access list`.
  app.get('/access', async (request, reply) => {
    const { officer } = viewerOf(request);
    if (!officer)
      throw new PageError(401, 'Sign in to see who has access', [
        'This page is for the ASEAN Secretariat. Sign in with the link the Secretariat sent you.',
      ]);
    if (officer.role !== 'secretariat')
      throw new PageError(403, 'This page is for the ASEAN Secretariat', [
        `You are signed in as ${officer.name}, whose role does not give access to it.`,
      ]);
    return reply
      .type('text/html; charset=utf-8')
      .send(accessPage(await listAccess(store.db, now())));
  });

  app.get('/api/session', async (request) => {
    const viewer = viewerOf(request);
    return {
      officer: viewer.officer ? describeSelf(viewer) : null,
      csrfToken: csrfTokenOf(viewer, secret),
    };
  });
}

function describeSelf(viewer: Viewer) {
  const o = viewer.officer!;
  return {
    id: o.id,
    name: o.name,
    role: o.role,
    roleLabel: ROLES[o.role as Role] ?? o.role,
    cityId: o.cityId,
    country: o.country,
  };
}

function refusal(reason: LinkRefusal): PageError {
  const r = REFUSALS[reason];
  return new PageError(r.status, r.title, [r.line]);
}

export function renderPageError(error: PageError): string {
  return messagePage(error.title, ...error.lines);
}

function isSignInRoute(request: FastifyRequest): boolean {
  return request.routeOptions.url === '/signin/:token';
}

/**
 * Why a state-changing request is refused as cross-site, or undefined. A browser says where a
 * request came from (`Sec-Fetch-Site`; older ones only `Origin`); a request with neither comes
 * from a program, not a page, and carries no one's cookie by accident.
 */
export function crossSiteRefusal(request: FastifyRequest, publicUrl: string): string | undefined {
  const site = request.headers['sec-fetch-site'];
  const refused = 'This request came from another site and was refused.';
  if (typeof site === 'string')
    return site === 'same-origin' || site === 'none' ? undefined : refused;
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  const allowed = new Set([new URL(publicUrl).origin, `${request.protocol}://${request.host}`]);
  return allowed.has(origin) ? undefined : refused;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
