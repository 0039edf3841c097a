import type { OfficerInput } from '@ascn/domain';
import type { Store } from '@ascn/store';
import { registerOfficer, subscribeChannel } from './directory.js';

/**
 * Example people for the local web page and tests. Every name says it is an example;
 * none is a real officer. Makassar's example officer lives in Jakarta's zone on purpose.
 */
export const DEMO_OFFICERS: readonly OfficerInput[] = [
  {
    id: 'demo-secretariat',
    name: 'Example Secretariat Officer',
    role: 'secretariat',
    timeZone: 'Asia/Jakarta',
    example: true,
  },
  {
    id: 'demo-csco-yangon',
    name: 'Example CSCO, Yangon',
    role: 'csco',
    cityId: 'yangon',
    example: true,
  },
  {
    id: 'demo-csco-makassar',
    name: 'Example CSCO, Makassar (lives in Jakarta)',
    role: 'csco',
    cityId: 'makassar',
    timeZone: 'Asia/Jakarta',
    example: true,
  },
  {
    id: 'demo-csco-bangkok',
    name: 'Example CSCO, Bangkok',
    role: 'csco',
    cityId: 'bangkok',
    example: true,
  },
  {
    id: 'demo-nr-myanmar',
    name: 'Example National Representative, Myanmar',
    role: 'national-representative',
    country: 'MM',
    example: true,
  },
  {
    id: 'demo-nr-indonesia',
    name: 'Example National Representative, Indonesia',
    role: 'national-representative',
    country: 'ID',
    example: true,
  },
];

/** Example action-plan projects for the demo cities (not real projects). */
export const DEMO_PROJECTS = [
  {
    cityId: 'yangon',
    name: 'Example: flood early-warning pilot',
    focusAreas: ['quality-environment', 'safety-security'],
  },
  { cityId: 'yangon', name: 'Example: online permits', focusAreas: ['civic-social'] },
  {
    cityId: 'makassar',
    name: 'Example: traffic signal upgrade',
    focusAreas: ['built-infrastructure'],
  },
  {
    cityId: 'bangkok',
    name: 'Example: air quality sensors',
    focusAreas: ['quality-environment', 'health-wellbeing'],
  },
] as const;

/** Seeds the example people, projects and a web channel; running it twice changes nothing. */
export async function seedDemo(store: Store): Promise<void> {
  const existing = await store.db
    .selectFrom('officers')
    .select('id')
    .where('id', 'like', 'demo-%')
    .execute();
  const have = new Set(existing.map((o) => o.id));
  for (const o of DEMO_OFFICERS) if (!have.has(o.id)) await registerOfficer(store, o);
  await store.db
    .insertInto('projects')
    .values(
      DEMO_PROJECTS.map((p) => ({
        cityId: p.cityId,
        name: p.name,
        focusAreas: [...p.focusAreas],
        example: true,
      })),
    )
    .onConflict((c) => c.columns(['cityId', 'name']).doNothing())
    .execute();
  const web = await store.db
    .selectFrom('channels')
    .select('id')
    .where('platform', '=', 'web')
    .where('channelId', '=', 'general')
    .executeTakeFirst();
  if (!web)
    await subscribeChannel(store, {
      platform: 'web',
      channelId: 'general',
      name: 'general (example channel)',
      focusAreas: [
        'civic-social',
        'health-wellbeing',
        'safety-security',
        'quality-environment',
        'built-infrastructure',
        'industry-innovation',
      ],
      // Officers get their own reminders on the web page; the channel carries announcements.
      reminders: false,
      timeZone: 'Asia/Singapore',
    });
}
