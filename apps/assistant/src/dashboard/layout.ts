import { ROLES, type Role } from '@ascn/domain';
import { htmlPage } from '@ascn/reports';
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Scope } from './access.js';
import { SCRIPT_FILE, STYLE_FILE } from './assets.js';

/**
 * Links are relative to the page (`root` leads back to the server's root, e.g. `../../`), so
 * the dashboard also works behind a proxy that serves the assistant under a path.
 */
export interface PageContext {
  root: string;
  scope: Scope | null;
  /** Which entry of the menu this page is. */
  current?: 'overview' | 'practices' | 'gaps';
}

export const link = (ctx: PageContext, path: string) => `${ctx.root}${path}` || './';

function menu(ctx: PageContext): Element {
  const items: Array<[PageContext['current'], string, string]> = [
    ['overview', 'dashboard', 'Dashboard'],
    ['practices', 'dashboard/practices', 'Best practices'],
  ];
  if (ctx.scope?.officer.role === 'secretariat')
    items.push(['gaps', 'dashboard/gaps', 'Knowledge gaps']);
  return h('nav', { ariaLabel: 'Dashboard' }, [
    h('ul', [
      ...items.map(([key, path, label]) =>
        h(
          'li',
          h(
            'a',
            { href: link(ctx, path), ...(ctx.current === key ? { ariaCurrent: 'page' } : {}) },
            label,
          ),
        ),
      ),
      h('li', h('a', { href: link(ctx, '') }, 'Chat')),
    ]),
  ]);
}

/** A whole dashboard page: skip link, menu, who is signed in, the content in <main>. */
export function page(
  ctx: PageContext,
  title: string,
  content: ElementContent[],
  opts: { script?: boolean } = {},
): string {
  const officer = ctx.scope?.officer;
  return htmlPage({
    title: `${title} · ASCN dashboard`,
    head: [
      h('link', { rel: 'stylesheet', href: link(ctx, `dashboard/assets/${STYLE_FILE}`) }),
      ...(opts.script
        ? [h('script', { src: link(ctx, `dashboard/assets/${SCRIPT_FILE}`), defer: true })]
        : []),
    ],
    body: [
      h('a.skip', { href: '#main' }, 'Skip to the content'),
      h('header.top', [
        menu(ctx),
        ...(officer
          ? [
              h(
                'p.who',
                `Signed in as ${officer.name}, ${ROLES[officer.role as Role] ?? officer.role}.`,
              ),
            ]
          : []),
      ]),
      h('main', { id: 'main', tabIndex: -1 }, content),
    ],
  });
}

/** A page that says one thing plainly: a refusal, a page not found, a PDF that cannot be printed. */
export function messagePage(ctx: PageContext, title: string, message: string): string {
  return page(ctx, title, [
    h('h1', title),
    h('p', message),
    h('p', h('a', { href: link(ctx, 'dashboard') }, 'Back to the dashboard')),
  ]);
}
