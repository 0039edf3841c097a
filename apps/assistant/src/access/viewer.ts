import type { Role } from '@ascn/domain';
import type { OfficerRow } from '@ascn/store';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Who is looking at a page or calling the API. Without sign-in, a visitor is a guest: they
 * see the public knowledge (questions, best practices, deadlines) and may act as the labelled
 * example people on example data only. A signed-in officer is themselves, with their role.
 */
export interface Viewer {
  /** The signed-in officer, or null for a guest. */
  officer: OfficerRow | null;
  /**
   * The session's secret id (from the signed cookie) when signed in. Server-side only: never
   * send it to the page or a log; sign-out ends it, and the CSRF token is derived from it.
   */
  sessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
  }
}

export const GUEST: Viewer = { officer: null };

/** The viewer of a request (a guest until a sign-in says otherwise). */
export function viewerOf(request: FastifyRequest): Viewer {
  return request.viewer ?? GUEST;
}

/**
 * A route for signed-in officers of these roles only (none given: any signed-in officer).
 * A guest is sent to sign in (401); a signed-in officer without the role gets 403.
 */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { officer } = viewerOf(request);
    if (!officer)
      return reply
        .code(401)
        .send({ error: 'Sign in first: ask the Secretariat for a sign-in link.' });
    if (roles.length > 0 && !roles.includes(officer.role as Role))
      return reply.code(403).send({ error: 'Your role does not give access to this page.' });
  };
}
