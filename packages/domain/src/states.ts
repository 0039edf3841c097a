import { z } from 'zod';

/** The ten ASEAN member states (AMS), keyed by ISO 3166-1 alpha-2 code. */
export const MEMBER_STATES = {
  BN: 'Brunei Darussalam',
  KH: 'Cambodia',
  ID: 'Indonesia',
  LA: 'Lao PDR',
  MY: 'Malaysia',
  MM: 'Myanmar',
  PH: 'Philippines',
  SG: 'Singapore',
  TH: 'Thailand',
  VN: 'Viet Nam',
} as const;

export type MemberStateCode = keyof typeof MEMBER_STATES;
export const MemberStateCode = z.enum(
  Object.keys(MEMBER_STATES) as [MemberStateCode, ...MemberStateCode[]],
  {
    message: `expected a member state code: ${Object.keys(MEMBER_STATES).join(', ')}`,
  },
);

export function memberStateName(code: MemberStateCode): string {
  return MEMBER_STATES[code];
}
