import { z } from 'zod';
import { Role } from './roles.js';
import { MemberStateCode } from './states.js';
import { TimeZone } from './time.js';

/**
 * A person the assistant knows: their role, city or state and zone. Their chat accounts are
 * identities of their own (the store's `identities` table), so a new platform adds no field.
 */
export const Officer = z
  .object({
    id: z.string().min(1),
    name: z.string().trim().min(2, { message: 'a name needs at least 2 characters' }).max(120),
    role: Role,
    /** City id, for Chief Smart City Officers. */
    cityId: z.string().optional(),
    /** Member state, for National Representatives (derived from the city for officers). */
    country: MemberStateCode.optional(),
    /** Overrides the city's zone (an officer may live elsewhere). */
    timeZone: TimeZone.optional(),
    email: z.email().optional(),
    example: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    if (o.role === 'csco' && !o.cityId)
      ctx.addIssue({
        code: 'custom',
        path: ['cityId'],
        message: 'a Chief Smart City Officer needs a city',
      });
    if (o.role === 'national-representative' && !o.country && !o.cityId)
      ctx.addIssue({
        code: 'custom',
        path: ['country'],
        message: 'a National Representative needs a member state',
      });
  });
export type Officer = z.output<typeof Officer>;
export type OfficerInput = z.input<typeof Officer>;
