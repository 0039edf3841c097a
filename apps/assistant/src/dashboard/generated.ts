import { seedEvents } from '@ascn/core';
import {
  addDays,
  CITIES,
  type City,
  FOCUS_AREAS,
  localDate,
  MEMBER_STATES,
  type MemberStateCode,
} from '@ascn/domain';
import type { Store } from '@ascn/store';

/**
 * Generated data for tests and the benchmark, labelled as such everywhere it shows: officers
 * are named "Generated …", projects are `example` rows named so too, rounds are titled
 * "(generated data)".
 * The first 32 cities are the network's own; more are "Generated city N". Deterministic for
 * a given seed.
 */
export interface GeneratedNetwork {
  cities: City[];
  roundIds: number[];
  officers: {
    secretariat: string;
    chair: string;
    /** National Representative per member state code. */
    representative: Record<string, string>;
    /** Chief Smart City Officer per city id (every tenth city has none). */
    csco: Record<string, string>;
  };
}

export interface GenerateOptions {
  cities: number;
  rounds: number;
  projectsPerCity: number;
  now: Date;
  /** Leave the latest round open (default true). */
  lastOpen?: boolean;
  seed?: number;
}

/** A small seeded random number generator (mulberry32): the same seed, the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CODES = Object.keys(MEMBER_STATES) as MemberStateCode[];
const AREAS = Object.keys(FOCUS_AREAS);

/** The network's cities, then generated ones spread over the member states. */
export function generatedCities(n: number): City[] {
  const zoneOf = new Map(CITIES.map((c) => [c.country, c.timeZone]));
  const real = CITIES.slice(0, n);
  const more = Array.from({ length: Math.max(0, n - CITIES.length) }, (_, i): City => {
    const country = CODES[i % CODES.length]!;
    const number = CITIES.length + i + 1;
    return {
      id: `generated-city-${number}`,
      name: `Generated city ${number}`,
      aliases: [],
      country,
      timeZone: zoneOf.get(country) ?? 'Asia/Jakarta',
      joined: 2025,
      pilot: false,
    };
  });
  return [...real, ...more];
}

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
}

export async function seedGeneratedNetwork(
  store: Store,
  opts: GenerateOptions,
): Promise<GeneratedNetwork> {
  const rnd = random(opts.seed ?? 42);
  const db = store.db;
  const cities = generatedCities(opts.cities);
  const network: GeneratedNetwork = {
    cities,
    roundIds: [],
    officers: { secretariat: 'gen-secretariat', chair: 'gen-chair', representative: {}, csco: {} },
  };
  const officers = [
    {
      id: 'gen-secretariat',
      name: 'Generated Secretariat officer',
      role: 'secretariat',
      timeZone: 'Asia/Jakarta',
      email: 'secretariat@generated.example',
    },
    { id: 'gen-chair', name: 'Generated ASCN Chair', role: 'ascn-chair', timeZone: 'Asia/Manila' },
    ...CODES.map((code) => {
      network.officers.representative[code] = `gen-nr-${code.toLowerCase()}`;
      return {
        id: `gen-nr-${code.toLowerCase()}`,
        name: `Generated National Representative, ${MEMBER_STATES[code]}`,
        role: 'national-representative',
        country: code,
      };
    }),
    ...cities
      .filter((_, i) => i % 10 !== 9)
      .map((c) => {
        network.officers.csco[c.id] = `gen-csco-${c.id}`;
        return {
          id: `gen-csco-${c.id}`,
          name: `Generated CSCO, ${c.name}`,
          role: 'csco',
          cityId: c.id,
          timeZone: c.timeZone,
          email: `csco.${c.id}@generated.example`,
        };
      }),
  ];
  await insertChunks(officers, (chunk) =>
    db
      .insertInto('officers')
      .values(
        chunk.map((o) => ({
          cityId: null,
          country: null,
          timeZone: null,
          email: null,
          ...o,
          // Labelled by their names; not `example` rows, because example people cannot sign in
          // (anyone may act as them on the page) and the dashboard is for signed-in officers.
          example: false,
        })),
      )
      .execute(),
  );
  const projects = cities.flatMap((c) =>
    Array.from({ length: opts.projectsPerCity }, (_, k) => ({
      cityId: c.id,
      name: `Generated project ${k + 1} of ${c.name}`,
      focusAreas:
        k % 3 === 0
          ? [AREAS[k % AREAS.length]!, AREAS[(k + 2) % AREAS.length]!]
          : [AREAS[k % AREAS.length]!],
      example: true,
    })),
  );
  await insertChunks(projects, (chunk) => db.insertInto('projects').values(chunk).execute());

  const day = 86_400_000;
  for (let r = 0; r < opts.rounds; r++) {
    const open = (opts.lastOpen ?? true) && r === opts.rounds - 1;
    const closesAt = new Date(
      opts.now.getTime() + (open ? 14 : -(opts.rounds - 1 - r) * 91 - 7) * day,
    );
    const round = await db
      .insertInto('statusRounds')
      .values({
        title: `Generated round ${r + 1} (generated data)`,
        opensAt: new Date(closesAt.getTime() - 30 * day),
        closesAt,
        status: open ? 'open' : 'closed',
        closedAt: open ? null : closesAt,
        nudgeAfterHours: 48,
        escalateAfterHours: 96,
        createdBy: 'gen-secretariat',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    network.roundIds.push(round.id);
    await insertChunks(cities, (chunk) =>
      db
        .insertInto('roundCities')
        .values(
          chunk.map((c) => ({
            roundId: round.id,
            cityId: c.id,
            officerId: network.officers.csco[c.id] ?? null,
          })),
        )
        .execute(),
    );
    const answers = cities.flatMap((c) => {
      const officerId = network.officers.csco[c.id];
      if (!officerId || rnd() > (open ? 0.5 : 0.85)) return [];
      return Array.from({ length: opts.projectsPerCity }, (_, k) => {
        const x = rnd();
        const status = x < 0.55 ? 'on-track' : x < 0.75 ? 'at-risk' : x < 0.87 ? 'delayed' : 'done';
        return {
          roundId: round.id,
          cityId: c.id,
          project: `Generated project ${k + 1} of ${c.name}`,
          status,
          progress: status === 'done' ? 100 : Math.floor(rnd() * 95),
          highlights:
            rnd() < 0.4 ? `Generated highlight ${r + 1}.${k + 1}: a milestone was reached.` : null,
          blockers:
            status === 'delayed' || status === 'at-risk'
              ? `Generated blocker ${r + 1}.${k + 1}: funding arrived late.`
              : null,
          helpNeeded:
            rnd() < 0.15
              ? `Generated request ${r + 1}.${k + 1}: a partner city with experience.`
              : null,
          officerId,
          submittedAt: closesAt,
          updatedAt: closesAt,
        };
      });
    });
    await insertChunks(answers, (chunk) => db.insertInto('statusAnswers').values(chunk).execute());
  }
  const today = localDate(opts.now, 'Asia/Jakarta');
  await seedEvents(db, [
    {
      id: 'generated-meeting',
      kind: 'annual-meeting',
      title: 'Generated annual meeting (example)',
      start: addDays(today, 20),
      time: '09:30',
      timeZone: 'Asia/Manila',
      place: 'Manila',
      example: true,
    },
    {
      id: 'generated-report-due',
      kind: 'report-due',
      title: 'Generated report due date (example)',
      start: addDays(today, 5),
      timeZone: 'Asia/Jakarta',
      example: true,
    },
  ]);
  return network;
}
