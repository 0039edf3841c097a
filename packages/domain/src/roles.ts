import { z } from 'zod';

/** Roles in the network, and in the assistant's permission checks. */
export const ROLES = {
  csco: 'Chief Smart City Officer',
  'national-representative': 'National Representative',
  'ascn-chair': 'ASCN Chair',
  shepherd: 'ASCN Shepherd',
  secretariat: 'ASEAN Secretariat',
} as const;
export type Role = keyof typeof ROLES;
export const Role = z.enum(Object.keys(ROLES) as [Role, ...Role[]], {
  message: `expected a role: ${Object.keys(ROLES).join(', ')}`,
});

export function roleLabel(role: Role): string {
  return ROLES[role];
}
