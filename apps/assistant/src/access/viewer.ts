import type { OfficerRow } from '@ascn/store';
import type { FastifyRequest } from 'fastify';

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
