import { BadInput, registerOfficer } from '@ascn/core';
import { type Config, findCity, ROLES, type Role } from '@ascn/domain';
import { withStore } from './store.js';

/**
 * `ascn officer add <id> --name "…" --role … [--city …] [--country …] [--tz …] [--email …]`:
 * registers a real officer from the terminal. Whoever runs the CLI holds the database, so this
 * is how the first Secretariat officer is registered (the web page's example Secretariat
 * registers example people only); then `ascn access grant` gives them a sign-in link.
 */
export async function runOfficer(
  config: Config,
  args: string[],
  opts: {
    name?: string;
    role?: string;
    city?: string;
    country?: string;
    tz?: string;
    email?: string;
  },
): Promise<number> {
  const [verb, id, ...extra] = args;
  const usage =
    'usage: ascn officer add <id> --name "…" --role csco|national-representative|secretariat|ascn-chair|shepherd [--city …] [--country MM] [--tz Asia/Yangon] [--email …]';
  const fail = (message: string) => {
    process.stderr.write(`ascn officer: ${message}\n${usage}\n`);
    return 2;
  };
  if (verb !== 'add') return fail(verb ? `unknown "${verb}"` : 'say add');
  if (!id || extra.length > 0) return fail('give one officer id');
  const { name } = opts;
  if (!name || !opts.role) return fail('--name and --role are required');
  if (!(opts.role in ROLES))
    return fail(`--role "${opts.role}" is not one of ${Object.keys(ROLES).join(', ')}`);
  const city = opts.city ? findCity(opts.city) : undefined;
  if (opts.city && !city) return fail(`--city "${opts.city}" is not a city of the network`);
  return withStore(config, async (store) => {
    try {
      const officer = await registerOfficer(store, {
        id,
        name,
        role: opts.role as Role,
        ...(city ? { cityId: city.id } : {}),
        ...(opts.country ? { country: opts.country.toUpperCase() as never } : {}),
        ...(opts.tz ? { timeZone: opts.tz } : {}),
        ...(opts.email ? { email: opts.email } : {}),
      });
      process.stdout.write(
        `Registered ${officer.name} (${officer.id}) as ${ROLES[officer.role as Role]}${officer.cityId ? ` for ${city?.name ?? officer.cityId}` : ''}. Give them a sign-in link: ascn access grant ${officer.id}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof BadInput) return fail(error.message);
      throw error;
    }
  });
}
