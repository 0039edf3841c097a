import { htmlPage } from '@ascn/reports';
import type { AccessEntry } from '@ascn/store';
import type { ElementContent } from 'hast';
import { h } from 'hastscript';

/**
 * The plain pages of sign-in: the link's confirmation, and refusals (an expired, used or
 * revoked link, too many attempts, a report for someone else). Built as trees, so a name
 * stored in the directory stays text. No script; the site's own stylesheet.
 */

const STYLE = `body{font:16px/1.6 system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1.5rem 1rem;color:#1a1a1a}
h1{font-size:1.4rem;line-height:1.3}a{color:#0b57d0}
button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer;min-height:44px}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}.scroll{overflow-x:auto}
button:focus-visible,a:focus-visible{outline:3px solid #e36209;outline-offset:2px}
.note{color:#555;font-size:.95rem}
@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}a{color:#4493f8}.note{color:#9aa4af}}`;

/** A whole HTML document with a heading and content; `home` links back to the page. */
export function plainPage(title: string, content: ElementContent[], home = '/'): string {
  return htmlPage({
    title: `${title} · ASCN Assistant`,
    head: [h('meta', { name: 'referrer', content: 'no-referrer' }), h('style', STYLE)],
    body: [
      h('main', [h('h1', title), ...content]),
      h('p', { class: 'note' }, [h('a', { href: home }, 'Back to the ASCN Assistant')]),
    ],
  });
}

/** A page that says one thing in a paragraph or two. */
export function messagePage(title: string, ...paragraphs: string[]): string {
  return plainPage(
    title,
    paragraphs.map((p) => h('p', p)),
  );
}

/** The sign-in link's page: who it signs in, and one button (a link preview does not press it). */
export function signInPage(name: string, action: string): string {
  return plainPage('Sign in to the ASCN Assistant', [
    h('p', [`This link signs you in as `, h('strong', name), '.']),
    h('form', { method: 'post', action }, [h('button', { type: 'submit' }, `Sign in as ${name}`)]),
    h(
      'p',
      { class: 'note' },
      'The link works once. Do not share it: whoever uses it is signed in as you. Sign out on shared computers.',
    ),
  ]);
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '');

/** The Secretariat's list of sign-in links: whose, their state, and their live sessions. */
export function accessPage(entries: AccessEntry[]): string {
  return plainPage('Who can sign in', [
    h(
      'p',
      'Sign-in links, newest first. Grant one with "ascn access grant <officer-id>"; revoke with "ascn access revoke <officer-id or link id>". Times in UTC.',
    ),
    entries.length === 0
      ? h('p', 'No sign-in link has been granted yet.')
      : h('div', { class: 'scroll' }, [
          h('table', [
            h('caption', { class: 'note' }, `${entries.length} sign-in links`),
            h('thead', [
              h('tr', [
                h('th', { scope: 'col' }, 'Officer'),
                h('th', { scope: 'col' }, 'Link'),
                h('th', { scope: 'col' }, 'State'),
                h('th', { scope: 'col' }, 'Expires'),
                h('th', { scope: 'col' }, 'Signed in'),
                h('th', { scope: 'col' }, 'Last seen'),
              ]),
            ]),
            h(
              'tbody',
              entries.map((e) =>
                h('tr', [
                  h('td', `${e.officerName} (${e.officerId})`),
                  h('td', h('code', e.linkId)),
                  h('td', e.state),
                  h('td', day(e.expiresAt)),
                  h('td', e.liveSessions > 0 ? `yes (${e.liveSessions})` : 'no'),
                  h('td', day(e.lastSeenAt)),
                ]),
              ),
            ),
          ]),
        ]),
  ]);
}
