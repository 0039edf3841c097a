import { z } from 'zod';

/** The six focus areas of the ASEAN Smart Cities Framework (shared with ASUS). */
export const FOCUS_AREAS = {
  'civic-social': 'Civic & Social',
  'health-wellbeing': 'Health & Well-being',
  'safety-security': 'Safety & Security',
  'quality-environment': 'Quality Environment',
  'built-infrastructure': 'Built Infrastructure',
  'industry-innovation': 'Industry & Innovation',
} as const;
export type FocusAreaId = keyof typeof FOCUS_AREAS;
export const FocusAreaId = z.enum(Object.keys(FOCUS_AREAS) as [FocusAreaId, ...FocusAreaId[]], {
  message: `expected a focus area: ${Object.keys(FOCUS_AREAS).join(', ')}`,
});

/** The three strategic outcomes a smart city in ASEAN balances. */
export const STRATEGIC_OUTCOMES = {
  'competitive-economy': 'Competitive economy',
  'sustainable-environment': 'Sustainable environment',
  'quality-of-life': 'High quality of life',
} as const;
export type StrategicOutcomeId = keyof typeof STRATEGIC_OUTCOMES;
export const StrategicOutcomeId = z.enum(
  Object.keys(STRATEGIC_OUTCOMES) as [StrategicOutcomeId, ...StrategicOutcomeId[]],
);

/** Finds a focus area by id or by a loose name ("safety", "Health and wellbeing"). */
export function findFocusArea(text: string): FocusAreaId | undefined {
  const key = text
    .toLowerCase()
    .replace(/&|\band\b/g, ' ')
    .replace(/[^a-z]+/g, ' ')
    .trim();
  for (const [id, label] of Object.entries(FOCUS_AREAS) as [FocusAreaId, string][]) {
    const norm = label
      .toLowerCase()
      .replace(/&/g, ' ')
      .replace(/[^a-z]+/g, ' ')
      .trim();
    if (key === id.replace(/-/g, ' ') || key === norm || norm.startsWith(key) || id.startsWith(key))
      return id;
  }
  return undefined;
}
