import { CITIES, type Role } from '@ascn/domain';
import type { Viewer } from './viewer.js';

/** The roles that see every city of a real round's report. */
const WHOLE_NETWORK: readonly Role[] = ['secretariat', 'ascn-chair', 'shepherd'];

export type ReportAccess =
  | { ok: true; cityIds?: ReadonlySet<string> }
  | { ok: false; status: 401 | 403; title: string; line: string };

/**
 * Who may read a round's report. An example round (opened by an example person) holds only
 * example data: anyone. A real round holds what real officers reported: the Secretariat, the
 * Chair and the Shepherd see every city; a National Representative their member state's
 * cities; a Chief Smart City Officer their own city; a guest is asked to sign in.
 */
export function reportAccess(viewer: Viewer, round: { example: boolean }): ReportAccess {
  if (round.example) return { ok: true };
  const officer = viewer.officer;
  if (!officer)
    return {
      ok: false,
      status: 401,
      title: 'Sign in to read this report',
      line: 'This report holds what officers reported. Sign in with the link the Secretariat sent you.',
    };
  const role = officer.role as Role;
  if (WHOLE_NETWORK.includes(role)) return { ok: true };
  if (role === 'national-representative' && officer.country)
    return {
      ok: true,
      cityIds: new Set(CITIES.filter((c) => c.country === officer.country).map((c) => c.id)),
    };
  if (role === 'csco' && officer.cityId) return { ok: true, cityIds: new Set([officer.cityId]) };
  return {
    ok: false,
    status: 403,
    title: 'This report is not for your role',
    line: 'Ask the Secretariat if you need to read it.',
  };
}
