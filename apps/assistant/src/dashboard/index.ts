import { knowledgeGaps, readerZone } from '@ascn/core';
import { CITIES, type City, localDate } from '@ascn/domain';
import type { KnowledgeBase } from '@ascn/knowledge';
import {
  annualReportHtml,
  ChromiumMissing,
  chromiumPath,
  loadAnnualReport,
  printPdf,
} from '@ascn/reports';
import type { Store } from '@ascn/store';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'hastscript';
import { viewerOf } from '../access/viewer.js';
import {
  covers,
  isRefusal,
  maySeeGaps,
  NOT_YOURS,
  type Refusal,
  type Scope,
  scopeName,
  scopeOf,
} from './access.js';
import { ASSETS } from './assets.js';
import { loadCity, loadOverview, searchLibrary } from './data.js';
import { messagePage, type PageContext } from './layout.js';
import { cityPage, gapsPage, libraryPage, overviewPage, skeletonPage } from './pages.js';
import { gapSkeleton } from './skeleton.js';

export interface DashboardDeps {
  store: Store;
  /** The assistant's knowledge base: the library searches it as the bots do. */
  knowledge: KnowledgeBase;
  now?: () => Date;
  /** The member cities (default: the network's 32); the benchmark passes generated ones. */
  cities?: readonly City[];
  /** The Chromium that prints PDFs (default: CHROMIUM_PATH, else /usr/bin/chromium). */
  chromiumPath?: string;
}

/** Ids of rows in `serial` columns are PostgreSQL integers. */
const MAX_ID = 2_147_483_647;
const CITY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_QUERY = 500;

/** Which way back to the server's root from a path (links are relative; see `PageContext`). */
const rootOf = (url: string) => '../'.repeat(Math.max(0, url.split('?')[0]!.split('/').length - 2));

/** A plain page with its status: refusals, pages not found, bad input, no Chromium. */
function send(
  reply: FastifyReply,
  status: number,
  ctx: PageContext,
  title: string,
  message: string,
) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(messagePage(ctx, title, message));
}

function html(reply: FastifyReply, body: string) {
  return reply.type('text/html; charset=utf-8').send(body);
}

/**
 * One PDF at a time (each print starts a Chromium, and the cores are shared with everything
 * else), and at most a few waiting: past that, a plain "busy" instead of an ever longer queue.
 */
const MAX_WAITING_PRINTS = 3;
let printing: Promise<unknown> = Promise.resolve();
let waiting = 0;
export class PrinterBusy extends Error {}
function oneAtATime<T>(job: () => Promise<T>): Promise<T> {
  if (waiting >= MAX_WAITING_PRINTS) return Promise.reject(new PrinterBusy());
  waiting++;
  const run = () => {
    waiting--;
    return job();
  };
  const next = printing.then(run, run);
  printing = next.catch(() => {});
  return next;
}

/**
 * The Secretariat's dashboard at `/dashboard`: every member city by country, a city's page,
 * the best-practice library, knowledge gaps and the annual report (HTML and PDF). Pages are
 * built as hast trees on the server; each checks who is looking (`request.viewer`).
 */
export function dashboardRoutes(deps: DashboardDeps): FastifyPluginAsync {
  const cities = deps.cities ?? CITIES;
  const cityById = new Map(cities.map((c) => [c.id, c]));
  const now = deps.now ?? (() => new Date());

  /** The viewer's scope, or the refusal already sent. */
  function scopeFor(
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
  ): Scope | undefined {
    const scope = scopeOf(viewerOf(request));
    if (!isRefusal(scope)) return scope;
    refuse(reply, ctx, scope);
    return undefined;
  }
  /** The scope of a viewer who may read the knowledge gaps (the Secretariat), or the refusal sent. */
  function gapsScopeFor(
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
  ): Scope | undefined {
    const scope = scopeFor(request, reply, ctx);
    if (!scope || maySeeGaps(scope)) return scope;
    refuse(
      reply,
      { ...ctx, scope },
      { status: 403, message: 'Knowledge gaps are for the ASEAN Secretariat.' },
    );
    return undefined;
  }
  function refuse(reply: FastifyReply, ctx: PageContext, refusal: Refusal) {
    send(
      reply,
      refusal.status,
      ctx,
      refusal.status === 401 ? 'Sign in first' : 'Not for your role',
      refusal.message,
    );
  }
  const context = (request: FastifyRequest, scope: Scope | null = null): PageContext => ({
    root: rootOf(request.url),
    scope,
  });

  function roundParam(raw: string): number | undefined {
    if (!/^\d{1,10}$/.test(raw)) return undefined;
    const id = Number(raw);
    return id >= 1 && id <= MAX_ID ? id : undefined;
  }

  return async (app) => {
    app.get('/dashboard/assets/:file', async (request, reply) => {
      const file = (request.params as { file: string }).file;
      const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
      if (!asset) return send(reply, 404, context(request), 'Not found', 'There is no such file.');
      return reply
        .type(asset.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(asset.body);
    });

    app.get('/dashboard', async (request, reply) => {
      const ctx = context(request);
      const scope = scopeFor(request, reply, ctx);
      if (!scope) return reply;
      const at = now();
      const [overview, gaps, closed] = await Promise.all([
        loadOverview(deps.store, scope, cities, at),
        maySeeGaps(scope) ? knowledgeGaps(deps.store, 5) : Promise.resolve([]),
        deps.store.db
          .selectFrom('statusRounds')
          .select(['id', 'title', 'status', 'closesAt'])
          .where('status', '=', 'closed')
          .orderBy('id', 'desc')
          .limit(12)
          .execute(),
      ]);
      return html(
        reply,
        overviewPage(
          { ...ctx, scope },
          scope,
          overview,
          { zone: readerZone(scope.officer), gaps, closedRounds: closed },
          cities.length,
        ),
      );
    });

    app.get('/dashboard/cities/:id', async (request, reply) => {
      const ctx = context(request);
      const scope = scopeFor(request, reply, ctx);
      if (!scope) return reply;
      const id = (request.params as { id: string }).id;
      const city = CITY_ID.test(id) ? cityById.get(id) : undefined;
      if (!city)
        return send(
          reply,
          404,
          { ...ctx, scope },
          'No such city',
          `There is no member city with the id “${id.slice(0, 60)}”.`,
        );
      if (!covers(scope, city)) {
        refuse(reply, { ...ctx, scope }, NOT_YOURS);
        return reply;
      }
      return html(
        reply,
        cityPage({ ...ctx, scope }, scope, await loadCity(deps.store, deps.knowledge, city, now())),
      );
    });

    app.get('/dashboard/practices', async (request, reply) => {
      const ctx = context(request);
      const scope = scopeFor(request, reply, ctx);
      if (!scope) return reply;
      const q = (request.query as { q?: unknown }).q ?? '';
      if (typeof q !== 'string')
        return send(
          reply,
          400,
          { ...ctx, scope },
          'Search not understood',
          'Send one search, as ?q=words.',
        );
      const query = q
        .replace(/\u0000/g, '')
        .trim()
        .slice(0, MAX_QUERY);
      return html(
        reply,
        libraryPage({ ...ctx, scope }, query, searchLibrary(deps.knowledge, query, cities)),
      );
    });

    app.get('/dashboard/gaps', async (request, reply) => {
      const ctx = context(request);
      const scope = gapsScopeFor(request, reply, ctx);
      if (!scope) return reply;
      return html(reply, gapsPage({ ...ctx, scope }, await knowledgeGaps(deps.store, 100)));
    });

    app.get('/dashboard/gaps/page', async (request, reply) => {
      const ctx = context(request);
      const scope = gapsScopeFor(request, reply, ctx);
      if (!scope) return reply;
      const q = (request.query as { q?: unknown }).q;
      if (typeof q !== 'string' || !q.trim() || q.length > MAX_QUERY || q.includes('\u0000'))
        return send(
          reply,
          400,
          { ...ctx, scope },
          'Which question?',
          `Give the question as ?q=… (1 to ${MAX_QUERY} characters); the knowledge gaps page links here with it.`,
        );
      const skeleton = gapSkeleton(deps.knowledge, q, localDate(now(), readerZone(scope.officer)));
      return html(
        reply,
        skeletonPage({ ...ctx, scope }, q.trim(), skeleton.file, skeleton.markdown),
      );
    });

    app.get('/dashboard/reports/:round/:file', async (request, reply) => {
      const ctx = context(request);
      const scope = scopeFor(request, reply, ctx);
      if (!scope) return reply;
      const params = request.params as { round: string; file: string };
      const id = roundParam(params.round);
      const format =
        params.file === 'annual.html' ? 'html' : params.file === 'annual.pdf' ? 'pdf' : undefined;
      const scoped = { ...ctx, scope };
      if (!format)
        return send(
          reply,
          404,
          scoped,
          'Not found',
          'There is no such report: try annual.html or annual.pdf.',
        );
      if (id === undefined)
        return send(
          reply,
          404,
          scoped,
          'No such status round',
          `“${params.round.slice(0, 20)}” is not a status round: rounds are numbered from 1.`,
        );
      const name = scopeName(scope, cities);
      const data = await loadAnnualReport(deps.store, id, {
        now: now(),
        cities,
        ...(scope.kind !== 'all'
          ? {
              only: (cityId: string) => {
                const c = cityById.get(cityId);
                return c !== undefined && covers(scope, c);
              },
            }
          : {}),
        ...(name ? { scope: name } : {}),
      });
      if (data.kind === 'missing')
        return send(reply, 404, scoped, 'No such status round', `There is no status round ${id}.`);
      if (data.kind === 'open')
        return send(
          reply,
          404,
          scoped,
          'Round still open',
          `Status round ${id} (${data.round.title}) is still open; its annual report is written once it closes.`,
        );
      if (format === 'html')
        return html(
          reply,
          annualReportHtml(data.input, {
            header: [
              h('a', { href: `${ctx.root}dashboard` }, 'Back to the dashboard'),
              h(
                'a.button',
                { href: 'annual.pdf', download: `ascn-annual-report-${id}.pdf` },
                'Download PDF',
              ),
              ...(scope.kind === 'all'
                ? [
                    h(
                      'a',
                      { href: `${ctx.root}reports/${id}.html` },
                      `Progress report of round ${id}`,
                    ),
                  ]
                : []),
            ],
          }),
        );
      try {
        const pdf = await oneAtATime(() =>
          printPdf(annualReportHtml(data.input), {
            executablePath: deps.chromiumPath ?? chromiumPath(),
          }),
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="ascn-annual-report-${id}.pdf"`)
          .send(pdf);
      } catch (error) {
        if (error instanceof PrinterBusy)
          return send(
            reply,
            503,
            scoped,
            'Busy printing',
            'Other PDFs are being printed right now; try again in a minute.',
          );
        if (error instanceof ChromiumMissing)
          return send(
            reply,
            503,
            scoped,
            'The PDF cannot be printed here',
            `${error.message} The report is also on the web page: annual.html.`,
          );
        throw error;
      }
    });
  };
}
