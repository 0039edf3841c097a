import { z } from 'zod';
import { parseData } from './data-error.js';
import { MemberStateCode } from './states.js';
import { TimeZone } from './time.js';

export const City = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'expected a kebab-case id' }),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  country: MemberStateCode,
  timeZone: TimeZone,
  /** Year the city joined the network (2018 for the 26 pilot cities). */
  joined: z.number().int().min(2018).max(2100),
  pilot: z.boolean(),
});
export type City = z.output<typeof City>;

const CityList = z.array(City).superRefine((cities, ctx) => {
  const seen = new Set<string>();
  cities.forEach((city, i) => {
    if (seen.has(city.id))
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate city id ${city.id}` });
    seen.add(city.id);
  });
});

/**
 * The 26 pilot cities named in the April 2018 concept note and the members added since
 * (Thailand's three in 2023, Sumedang and Sihanoukville in 2024, Cauayan City in 2025).
 * Zones from IANA zone.tab.
 */
const RAW_CITIES = [
  ['bandar-seri-begawan', 'Bandar Seri Begawan', ['BSB'], 'BN', 'Asia/Brunei', 2018],
  ['battambang', 'Battambang', [], 'KH', 'Asia/Phnom_Penh', 2018],
  ['phnom-penh', 'Phnom Penh', [], 'KH', 'Asia/Phnom_Penh', 2018],
  ['siem-reap', 'Siem Reap', ['Siemreap'], 'KH', 'Asia/Phnom_Penh', 2018],
  ['banyuwangi', 'Banyuwangi', [], 'ID', 'Asia/Jakarta', 2018],
  ['dki-jakarta', 'DKI Jakarta', ['Jakarta'], 'ID', 'Asia/Jakarta', 2018],
  ['makassar', 'Makassar', [], 'ID', 'Asia/Makassar', 2018],
  ['luang-prabang', 'Luang Prabang', [], 'LA', 'Asia/Vientiane', 2018],
  ['vientiane', 'Vientiane', [], 'LA', 'Asia/Vientiane', 2018],
  ['johor-bahru', 'Johor Bahru', ['JB', 'Johor Baharu'], 'MY', 'Asia/Kuala_Lumpur', 2018],
  ['kota-kinabalu', 'Kota Kinabalu', ['KK'], 'MY', 'Asia/Kuching', 2018],
  ['kuala-lumpur', 'Kuala Lumpur', ['KL'], 'MY', 'Asia/Kuala_Lumpur', 2018],
  ['kuching', 'Kuching', [], 'MY', 'Asia/Kuching', 2018],
  ['mandalay', 'Mandalay', [], 'MM', 'Asia/Yangon', 2018],
  [
    'nay-pyi-taw',
    'Nay Pyi Taw',
    ['Naypyidaw', 'Naypyitaw', 'Nay Pyi Daw'],
    'MM',
    'Asia/Yangon',
    2018,
  ],
  ['yangon', 'Yangon', ['Rangoon'], 'MM', 'Asia/Yangon', 2018],
  ['cebu-city', 'Cebu City', ['Cebu'], 'PH', 'Asia/Manila', 2018],
  ['davao-city', 'Davao City', ['Davao'], 'PH', 'Asia/Manila', 2018],
  ['manila', 'Manila', [], 'PH', 'Asia/Manila', 2018],
  ['singapore', 'Singapore', ['SG'], 'SG', 'Asia/Singapore', 2018],
  ['bangkok', 'Bangkok', ['BKK', 'Krung Thep'], 'TH', 'Asia/Bangkok', 2018],
  ['chonburi', 'Chonburi', ['Chon Buri'], 'TH', 'Asia/Bangkok', 2018],
  ['phuket', 'Phuket', [], 'TH', 'Asia/Bangkok', 2018],
  ['da-nang', 'Da Nang', ['Danang'], 'VN', 'Asia/Ho_Chi_Minh', 2018],
  ['ha-noi', 'Ha Noi', ['Hanoi'], 'VN', 'Asia/Ho_Chi_Minh', 2018],
  [
    'ho-chi-minh-city',
    'Ho Chi Minh City',
    ['HCMC', 'HCM', 'Saigon'],
    'VN',
    'Asia/Ho_Chi_Minh',
    2018,
  ],
  ['chiang-mai', 'Chiang Mai', [], 'TH', 'Asia/Bangkok', 2023],
  ['khon-kaen', 'Khon Kaen', [], 'TH', 'Asia/Bangkok', 2023],
  ['rayong', 'Rayong', [], 'TH', 'Asia/Bangkok', 2023],
  ['sumedang', 'Sumedang', [], 'ID', 'Asia/Jakarta', 2024],
  ['sihanoukville', 'Sihanoukville', ['Preah Sihanouk'], 'KH', 'Asia/Phnom_Penh', 2024],
  ['cauayan-city', 'Cauayan City', ['Cauayan'], 'PH', 'Asia/Manila', 2025],
] as const;

export const CITIES: readonly City[] = parseData(
  'packages/domain/src/cities.ts',
  CityList,
  RAW_CITIES.map(([id, name, aliases, country, timeZone, joined]) => ({
    id,
    name,
    aliases: [...aliases],
    country,
    timeZone,
    joined,
    pilot: joined === 2018,
  })),
);

const normalise = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const byKey = new Map<string, City>();
for (const city of CITIES) {
  for (const key of [city.id.replace(/-/g, ' '), city.name, ...city.aliases])
    byKey.set(normalise(key), city);
  // "Cebu City" is also just "Cebu", "Ho Chi Minh City" just "Ho Chi Minh".
  if (city.name.endsWith(' City')) byKey.set(normalise(city.name.slice(0, -5)), city);
}

/** Finds a city by id, name or alias, ignoring case, accents and punctuation. */
export function findCity(text: string): City | undefined {
  return byKey.get(normalise(text));
}

export function cityById(id: string): City | undefined {
  return CITIES.find((c) => c.id === id);
}

/** Every alias → canonical city name pair (for search glossaries). */
export function cityAliases(): Array<{ alias: string; name: string }> {
  return CITIES.flatMap((c) => c.aliases.map((alias) => ({ alias, name: c.name })));
}
