import { CITIES } from '@ascn/domain';
import { covers, isRefusal, scopeOf } from '../dashboard/access.js';
import type { Viewer } from './viewer.js';

export type ReportAccess =
  | { ok: true; cityIds?: ReadonlySet<string> }
  | { ok: false; status: 401 | 403; title: string; line: string };

/**
 * Who may read a round's report. An example round (opened by an example person) holds only
 * example data: anyone. A real round holds what real officers reported: the same part of the
 * network as on the dashboard (`scopeOf`): the Secretariat, the Chair and the Shepherd see
 * every city; a National Representative their member state's cities; a Chief Smart City
 * Officer their own city; a guest is asked to sign in.
 */
export function reportAccess(viewer: Viewer, round: { example: boolean }): ReportAccess {
  if (round.example) return { ok: true };
  const scope = scopeOf(viewer);
  if (isRefusal(scope))
    return scope.status === 401
      ? {
          ok: false,
          status: 401,
          title: 'Sign in to read this report',
          line: 'This report holds what officers reported. Sign in with the link the Secretariat sent you.',
        }
      : {
          ok: false,
          status: 403,
          title: 'This report is not for your role',
          line: 'Ask the Secretariat if you need to read it.',
        };
  if (scope.kind === 'all') return { ok: true };
  return { ok: true, cityIds: new Set(CITIES.filter((c) => covers(scope, c)).map((c) => c.id)) };
}
