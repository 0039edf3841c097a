import type { Config } from '@ascn/domain';
import { grantSignInLink, listAccess, revokeAccess } from '@ascn/store';
import { withStore } from './store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_DAYS = 365;

/** `30d`, `12h` → milliseconds; undefined when it is not a duration from 1 hour to 365 days. */
export function parseExpiry(text: string): number | undefined {
  const m = /^(\d{1,4})([dh])$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (m[2] === 'd' ? DAY : HOUR);
  return ms >= HOUR && ms <= MAX_DAYS * DAY ? ms : undefined;
}

const GRANT_REFUSALS = {
  'unknown-officer': (id: string) =>
    `there is no officer "${id}"; register them first (admin officer add in the chat)`,
  'removed-officer': (id: string) => `officer "${id}" was removed; register them again first`,
  'example-officer': (id: string) =>
    `"${id}" is an example person: anyone can act as them on the web page without signing in`,
};

/**
 * `ascn access grant|revoke|list`: the Secretariat's sign-in links for the web page. A grant
 * prints the link once (only its hash is stored); revoking an officer ends their sessions.
 */
export async function runAccess(
  config: Config,
  args: string[],
  opts: { expires?: string; json: boolean },
): Promise<number> {
  const [verb, target, ...extra] = args;
  const usage =
    'usage: ascn access grant <officer-id> [--expires 30d] | ascn access revoke <officer-id|link-id> | ascn access list [--json]';
  const fail = (message: string) => {
    process.stderr.write(`ascn access: ${message}\n${usage}\n`);
    return 2;
  };
  if (extra.length > 0) return fail(`unexpected "${extra.join(' ')}"`);
  switch (verb) {
    case 'grant': {
      if (!target) return fail('say whose link: ascn access grant <officer-id>');
      const ttl = parseExpiry(opts.expires ?? '30d');
      if (ttl === undefined)
        return fail(
          `--expires "${opts.expires}" is not a duration such as 30d or 12h (from 1 hour to ${MAX_DAYS} days)`,
        );
      return withStore(config, async (store) => {
        const now = new Date();
        const granted = await grantSignInLink(store.db, {
          officerId: target,
          expiresAt: new Date(now.getTime() + ttl),
          now,
        });
        if (!granted.ok) {
          process.stderr.write(`ascn access: ${GRANT_REFUSALS[granted.reason](target)}\n`);
          return 1;
        }
        const { link } = granted;
        process.stdout.write(
          `${config.PUBLIC_URL}/signin/${link.token}\n` +
            `Sign-in link ${link.linkId} for ${link.officerId}: works once, until ${link.expiresAt.toISOString()}.\n` +
            'Send it to them privately; it is shown only now. Revoke it with: ascn access revoke ' +
            `${link.linkId}\n`,
        );
        return 0;
      });
    }
    case 'revoke': {
      if (!target) return fail('say whose access: ascn access revoke <officer-id|link-id>');
      return withStore(config, async (store) => {
        const revoked = await revokeAccess(store.db, target, new Date());
        if (!revoked) {
          process.stderr.write(`ascn access: there is no officer or sign-in link "${target}"\n`);
          return 1;
        }
        process.stdout.write(
          `Revoked ${revoked.links} sign-in link${revoked.links === 1 ? '' : 's'} and ended ${revoked.sessions} session${revoked.sessions === 1 ? '' : 's'} of ${revoked.officerId}${revoked.kind === 'link' ? ` (link ${target})` : ''}.\n`,
        );
        return 0;
      });
    }
    case 'list': {
      if (target) return fail(`unexpected "${target}"`);
      return withStore(config, async (store) => {
        const entries = await listAccess(store.db, new Date());
        if (opts.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        else if (entries.length === 0) process.stdout.write('No sign-in link has been granted.\n');
        else
          for (const e of entries)
            process.stdout.write(
              `${e.linkId}  ${e.officerId.padEnd(24)} ${e.state.padEnd(7)} expires ${e.expiresAt.toISOString()}  ${e.liveSessions > 0 ? `signed in (${e.liveSessions})` : 'not signed in'}${e.lastSeenAt ? `, last seen ${e.lastSeenAt.toISOString()}` : ''}\n`,
            );
        return 0;
      });
    }
  }
  return fail(verb ? `unknown "${verb}"` : 'say grant, revoke or list');
}
