import { z } from 'zod';

export const PROJECT_STATUSES = {
  'on-track': 'On track',
  'at-risk': 'At risk',
  delayed: 'Delayed',
  done: 'Done',
} as const;
export type ProjectStatus = keyof typeof PROJECT_STATUSES;
export const ProjectStatus = z.enum(
  Object.keys(PROJECT_STATUSES) as [ProjectStatus, ...ProjectStatus[]],
  {
    message: 'choose one of: on track, at risk, delayed, done',
  },
);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label} is too long (at most ${max} characters)` })
    .optional()
    .transform((s) => (s ? s : undefined));

/** One city's answer for one action-plan project in a status round. */
export const StatusUpdate = z.object({
  project: z
    .string()
    .trim()
    .min(3, { message: 'name the project (at least 3 characters)' })
    .max(200, { message: 'the project name is too long (at most 200 characters)' }),
  status: ProjectStatus,
  progress: z.coerce
    .number({ message: 'progress must be a number from 0 to 100' })
    .int({ message: 'progress must be a whole number from 0 to 100' })
    .min(0, { message: 'progress must be a number from 0 to 100' })
    .max(100, { message: 'progress must be a number from 0 to 100' }),
  highlights: optionalText(2000, 'highlights'),
  blockers: optionalText(2000, 'blockers'),
  helpNeeded: optionalText(2000, 'help needed'),
});
export type StatusUpdate = z.output<typeof StatusUpdate>;
export type StatusUpdateInput = z.input<typeof StatusUpdate>;
