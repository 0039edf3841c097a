import { type City, MEMBER_STATES, type MemberStateCode } from '@ascn/domain';
import type { OfficerRow } from '@ascn/store';
import type { Viewer } from '../access/viewer.js';

/**
 * The part of the network a viewer may see on the dashboard: the Secretariat, the Chair and
 * the Shepherd all of it; a National Representative their own member state; a Chief Smart
 * City Officer their own city.
 */
export type Scope =
  | { kind: 'all'; officer: OfficerRow }
  | { kind: 'state'; officer: OfficerRow; country: MemberStateCode }
  | { kind: 'city'; officer: OfficerRow; cityId: string };

/** Why a viewer sees nothing: not signed in (401), or signed in without a role that sees any (403). */
export type Refusal = { status: 401 | 403; message: string };

const SIGN_IN_FIRST: Refusal = {
  status: 401,
  message: 'Sign in first: ask the Secretariat for a sign-in link.',
};
export const NOT_YOURS: Refusal = {
  status: 403,
  message: 'Your role does not give access to this page.',
};

const ALL_ROLES = new Set(['secretariat', 'ascn-chair', 'shepherd']);

export function scopeOf(viewer: Viewer): Scope | Refusal {
  const { officer } = viewer;
  if (!officer) return SIGN_IN_FIRST;
  if (ALL_ROLES.has(officer.role)) return { kind: 'all', officer };
  if (
    officer.role === 'national-representative' &&
    officer.country &&
    officer.country in MEMBER_STATES
  )
    return { kind: 'state', officer, country: officer.country as MemberStateCode };
  if (officer.role === 'csco' && officer.cityId)
    return { kind: 'city', officer, cityId: officer.cityId };
  // A representative registered without a state, an officer without a city: nothing to show.
  return NOT_YOURS;
}

export const isRefusal = (s: Scope | Refusal): s is Refusal => 'status' in s;

/** Whether the scope covers this city. */
export function covers(scope: Scope, city: City): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'state') return city.country === scope.country;
  return city.id === scope.cityId;
}

/** "Thailand", "Bangkok": the part of the network a scoped viewer sees; undefined for all of it. */
export function scopeName(scope: Scope, cities: readonly City[]): string | undefined {
  if (scope.kind === 'state') return MEMBER_STATES[scope.country];
  if (scope.kind === 'city') return cities.find((c) => c.id === scope.cityId)?.name ?? scope.cityId;
  return undefined;
}

/**
 * The questions people asked the assistant and it could not answer: the Secretariat's to
 * act on, as in chat (`gaps` is a Secretariat command).
 */
export const maySeeGaps = (scope: Scope) => scope.officer.role === 'secretariat';

/** Officers' e-mail addresses: for the Secretariat, who registers officers. Names are for anyone who may open the city. */
export const maySeeEmail = (scope: Scope) => scope.officer.role === 'secretariat';
