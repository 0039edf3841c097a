import { z } from 'zod';
import { findCity } from './cities.js';
import { FocusAreaId } from './framework.js';

const text = (min: number, max: number, label: string) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(min, { message: `${label} needs at least ${min} characters` })
    .max(max, { message: `${label} is too long (at most ${max} characters)` });

/** A best practice an officer shares in chat. */
export const BestPractice = z.object({
  title: text(5, 150, 'the title'),
  city: z
    .string({ message: 'choose a city' })
    .trim()
    .refine((c) => findCity(c) !== undefined, {
      message: 'not a city of the network; use its name, e.g. Makassar',
    })
    .transform((c) => findCity(c)!.id),
  focusAreas: z
    .array(FocusAreaId, { message: 'choose at least one focus area' })
    .min(1, { message: 'choose at least one focus area' }),
  problem: text(10, 3000, 'the problem'),
  solution: text(10, 3000, 'the solution'),
  results: text(0, 3000, 'the results').optional(),
  contact: text(0, 200, 'the contact').optional(),
  links: z
    .array(
      // https only: a javascript: or data: link is never shown, and http: leaks the reader.
      z.url({
        protocol: /^https$/,
        message: 'each link must be a full URL starting with https://',
      }),
    )
    .max(10)
    .default([]),
});
export type BestPractice = z.output<typeof BestPractice>;
export type BestPracticeInput = z.input<typeof BestPractice>;
