import { z } from 'zod';
import { cityById } from './cities.js';
import { FocusAreaId } from './framework.js';
import { IsoDate } from './time.js';

/** Front matter every knowledge-base page must carry. */
export const DocFrontMatter = z
  .object({
    title: z.string().trim().min(3, { message: 'title is required (at least 3 characters)' }),
    summary: z.string().trim().min(10, { message: 'summary is required (at least 10 characters)' }),
    tags: z.array(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9&-]*$/, { message: 'tags are lowercase words or kebab-case' }),
    ),
    sources: z
      .array(z.url({ message: 'each source must be a URL' }))
      .min(1, { message: 'at least one source URL is required' }),
    updated: z.union([IsoDate, z.date().transform((d) => d.toISOString().slice(0, 10))]),
    city: z
      .string()
      .refine((id) => cityById(id) !== undefined, {
        message: 'not a known city id (e.g. makassar)',
      })
      .optional(),
    focusAreas: z.array(FocusAreaId).optional(),
  })
  .strict();
export type DocFrontMatter = z.output<typeof DocFrontMatter>;
