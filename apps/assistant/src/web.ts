import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  type Assistant,
  buildReport,
  channelRecipientId,
  encodeAction,
  type Incoming,
  type Reply,
  readerZone,
} from '@ascn/core';
import { cityById, ROLES, type Role } from '@ascn/domain';
import { reportHtml, reportMarkdown } from '@ascn/reports';
import type { Store } from '@ascn/store';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { reportAccess } from './access/reports.js';
import { type AccessOptions, accessPlugin, PageError, renderPageError } from './access/session.js';
import { type Viewer, viewerOf } from './access/viewer.js';
import { type DashboardDeps, dashboardRoutes } from './dashboard/index.js';
import { type DocPages, renderDocPage } from './doc-page.js';
import { describeError, type Log } from './log.js';
import {
  BODY_REFUSED,
  type RawRoute,
  type RawServerOptions,
  serverWithRawRoutes,
} from './raw-routes.js';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
/** The page's JSON API takes bodies up to this size. */
const MAX_BODY = 64 * 1024;
/** Ids of rows in `serial` columns (rounds, web messages) are PostgreSQL integers. */
const MAX_ID = 2_147_483_647;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  'referrer-policy': 'no-referrer',
};

/** A request the client got wrong; answered with its status and `{ error }` in plain words. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

// ---------------------------------------------------------------- what requests may hold

const NUL = 'contains a NUL character (\\u0000), which cannot be stored; remove it and send again';
/** Text that can be stored: PostgreSQL refuses the NUL character in text. */
const text = (max: number, tooLong = `is too long (${max} characters at most)`) =>
  z
    .string()
    .max(max, { message: tooLong })
    .refine((s) => !s.includes('\u0000'), NUL);

/** The example person the page acts as; empty or missing means a guest. */
const OfficerId = text(100).nullable().optional();
/** The page's id for one request: a retry of the same request runs a command once. */
const RequestId = text(100)
  .min(8, { message: 'a request id has at least 8 characters' })
  .optional();
const ChatBody = z.object({
  officerId: OfficerId,
  text: text(100_000, 'the message is too long'),
  requestId: RequestId,
});
const ActionBody = z.object({
  officerId: OfficerId,
  action: text(100).min(1, { message: 'say which button was pressed' }),
  requestId: RequestId,
});
const FormBody = z.object({
  officerId: OfficerId,
  context: z.record(text(100), text(200)).default({}),
  values: z.record(text(100), z.union([text(10_000), z.array(text(200)).max(100)])),
  idempotencyKey: text(100).min(8, { message: 'is missing or shorter than 8 characters' }),
  draftId: text(40).optional(),
  group: z.number().int().min(0).max(9).optional(),
});
const FormParams = z.object({
  id: z.enum(['status-update', 'best-practice'], { message: 'There is no such form.' }),
});
const InboxQuery = z.object({
  officerId: OfficerId,
  after: z
    .string({ message: 'expected a message id, a whole number' })
    .regex(/^\d{1,10}$/, { message: `expected a message id, a whole number from 0 to ${MAX_ID}` })
    .transform(Number)
    .refine((n) => n <= MAX_ID, {
      message: `expected a message id, a whole number from 0 to ${MAX_ID}`,
    })
    .optional(),
});
const ReportParams = z.object({
  file: z
    .string()
    .regex(/^\d{1,10}\.(html|md)$/)
    .transform((s) => ({ id: Number(s.split('.')[0]), format: s.split('.')[1] as 'html' | 'md' }))
    .refine((r) => r.id <= MAX_ID),
});
const DocPath = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)*\.md$/);

/** Parses what the client sent, or answers 400 naming the field and what is wrong. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new HttpError(400, `${issue.path.join('.') || 'body'}: ${issue.message}`);
}

// ---------------------------------------------------------------- the server

export interface WebDeps {
  store: Store;
  assistant: Assistant;
  log: Log;
  health: () => Record<string, unknown>;
  /** The knowledge-base pages served at `/docs/<path>`. */
  docs: DocPages;
  /** Routes answered ahead of the framework: chat platforms' webhooks (see `RawRoute`). */
  rawRoutes?: RawRoute[];
  /** The dashboard at `/dashboard` (its store is this server's). */
  dashboard?: Omit<DashboardDeps, 'store'>;
  /** At close, requests still open after this long (a client that sent half a request) are cut. */
  closeGraceMs?: number;
  /** Sign-in: the cookie secret, PUBLIC_URL, limits (see `accessPlugin`). */
  access: Omit<AccessOptions, 'store'>;
}

/**
 * The one HTTP server of the assistant: the local web page (`public/`), its JSON API, the
 * knowledge-base pages, the progress reports and `/health`, plus the chat platforms' `rawRoutes`.
 * Not listening yet: call `listen({ port, host })`; `close()` stops it.
 */
export function createWebServer(deps: WebDeps): FastifyInstance {
  const { store, assistant, log } = deps;
  let closing = false;
  const app = Fastify({
    // The platforms' webhooks are answered by the server itself, ahead of the framework.
    serverFactory: (handler, opts) =>
      serverWithRawRoutes(handler, {
        routes: deps.rawRoutes ?? [],
        headers: SECURITY_HEADERS,
        closing: () => closing,
        timeouts: opts as RawServerOptions['timeouts'],
      }),
    logger: false,
    bodyLimit: MAX_BODY,
    // A slow or stuck client cannot hold a request open for long…
    requestTimeout: 30_000,
    // …and at close, idle keep-alive connections go at once (the rest after the grace below).
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Malformed %-encoding and the like: a plain 400 instead of fastify's own wording.
    frameworkErrors: (error, _request, reply) => {
      const bad = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_INVALID_URL';
      sendError(reply, 400, bad ? 'The address is not valid.' : 'The request is not valid.');
    },
  });

  // A client that sent half a request is not idle: give in-flight work a moment, then cut.
  app.addHook('preClose', (done) => {
    closing = true;
    const cut = setTimeout(() => app.server.closeAllConnections(), deps.closeGraceMs ?? 3_000);
    cut.unref();
    app.server.once('close', () => clearTimeout(cut));
    done();
  });

  // The API speaks JSON only (fastify also parses text/plain by default).
  app.removeContentTypeParser('text/plain');

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    // Static files set theirs on the raw response (no-cache); everything else is not kept.
    if (!reply.hasHeader('cache-control') && !reply.raw.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    return payload;
  });

  // Sign-in first: every route below (and the dashboard's) gets `request.viewer` and the
  // cross-site check.
  app.register(accessPlugin, { store, ...deps.access });

  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'Not found.'));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error.statusCode, error.message);
    if (error instanceof PageError)
      return reply
        .code(error.statusCode)
        .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' })
        .type('text/html; charset=utf-8')
        .send(renderPageError(error));
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const plain: Record<string, string> = {
        FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send JSON (Content-Type: application/json).',
        FST_ERR_CTP_BODY_TOO_LARGE: BODY_REFUSED.tooLarge(
          request.routeOptions.bodyLimit ?? MAX_BODY,
        ),
        FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
        FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send JSON.',
        FST_ERR_CTP_INVALID_CONTENT_LENGTH: BODY_REFUSED.lengthMismatch,
      };
      return sendError(reply, status, plain[error.code] ?? 'The request is not valid.');
    }
    log('error', 'web request failed', {
      path: request.url.split('?')[0],
      ...describeError(error),
    });
    return sendError(reply, 500, 'Something went wrong on the server; please try again.');
  });

  /**
   * Who the page acts as. A signed-in officer is themselves (and no one else). Without sign-in
   * whoever opens the page picks a person, so it acts only as the labelled example people (or
   * a guest).
   */
  async function incoming(
    viewer: Viewer,
    officerId: string | null | undefined,
    eventId: string = randomUUID(),
  ): Promise<Incoming> {
    const where = { kind: 'channel' as const, channelId: 'general' };
    if (viewer.officer) {
      if (officerId && officerId !== viewer.officer.id)
        throw new HttpError(
          403,
          `You are signed in as ${viewer.officer.name}; sign out to try the example people.`,
        );
      return {
        platform: 'web',
        workspaceId: 'local',
        userId: viewer.officer.id,
        where,
        // Request ids come from the page: one officer's cannot collide with another's.
        eventId: `web:${viewer.officer.id}:${eventId}`,
      };
    }
    const event: Incoming = {
      platform: 'web',
      workspaceId: 'local',
      userId: officerId || 'guest',
      where,
      eventId: `web:${eventId}`,
    };
    if (!officerId) return event;
    const row = await store.db
      .selectFrom('officers')
      .select('example')
      .where('id', '=', officerId)
      .where('removedAt', 'is', null)
      .executeTakeFirst();
    if (!row?.example)
      throw new HttpError(
        403,
        'Without sign-in this page acts only as the example people. Registered officers sign in with the link the Secretariat sends them.',
      );
    return event;
  }

  app.get('/health', async () => ({ status: 'ok', ...deps.health() }));

  // The directory is the Secretariat's: anyone else gets the example people (and themselves).
  app.get('/api/officers', async (request) => {
    const { officer } = viewerOf(request);
    const everyone = officer?.role === 'secretariat';
    const rows = await store.db
      .selectFrom('officers')
      .selectAll()
      .where('removedAt', 'is', null)
      .$if(!everyone, (q) =>
        q.where((eb) =>
          eb.or([eb('example', '=', true), ...(officer ? [eb('id', '=', officer.id)] : [])]),
        ),
      )
      .orderBy('name')
      .execute();
    return rows.map((o) => ({
      id: o.id,
      name: o.name,
      role: o.role,
      roleLabel: ROLES[o.role as Role] ?? o.role,
      city: o.cityId ? (cityById(o.cityId)?.name ?? o.cityId) : null,
      // The zone the assistant times this person's messages in (the same rule as replies).
      timeZone: readerZone(o),
      example: o.example,
      ...(everyone ? { email: o.email } : {}),
    }));
  });

  app.post('/api/chat', async (request) => {
    const body = parse(ChatBody, request.body);
    const event = await incoming(viewerOf(request), body.officerId, body.requestId);
    return { reply: forPage(await assistant.handle(event, body.text)) };
  });

  app.post('/api/actions', async (request) => {
    const body = parse(ActionBody, request.body);
    const event = await incoming(viewerOf(request), body.officerId, body.requestId);
    return { reply: forPage(await assistant.action(event, body.action)) };
  });

  app.post('/api/forms/:id', async (request, reply) => {
    const params = FormParams.safeParse(request.params);
    if (!params.success) throw new HttpError(404, 'There is no such form.');
    const body = parse(FormBody, request.body);
    const outcome = await assistant.submitForm(
      await incoming(viewerOf(request), body.officerId, body.idempotencyKey),
      {
        formId: params.data.id,
        context: body.context,
        values: body.values,
        ...(body.draftId ? { draftId: body.draftId } : {}),
        ...(body.group !== undefined ? { group: body.group } : {}),
      },
    );
    return reply
      .code(outcome.status === 'invalid' ? 422 : 200)
      .send({ status: outcome.status, reply: forPage(outcome.reply) });
  });

  // What was delivered to the page: the public web channel, and the person's own messages: a
  // signed-in officer's, or an example person's (the same check as the chat); a guest sees
  // the channel.
  app.get('/api/inbox', async (request) => {
    const query = parse(InboxQuery, request.query);
    const who = await incoming(viewerOf(request), query.officerId);
    const channel = channelRecipientId('web', 'general');
    const rows = await store.db
      .selectFrom('webMessages')
      .selectAll()
      .where('id', '>', query.after ?? 0)
      .where((eb) =>
        eb.or([
          eb.and([eb('recipientKind', '=', 'channel'), eb('recipientId', '=', channel)]),
          ...(who.userId !== 'guest'
            ? [eb.and([eb('recipientKind', '=', 'officer'), eb('recipientId', '=', who.userId)])]
            : []),
        ]),
      )
      .orderBy('id')
      .limit(50)
      .execute();
    return {
      // Lets the page notice a session that ended elsewhere (sign-out, revoke, expiry).
      signedInAs: viewerOf(request).officer?.id ?? null,
      messages: rows.map((m) => ({
        id: m.id,
        createdAt: m.createdAt,
        to: m.recipientKind,
        reply: forPage(m.body as unknown as Reply),
      })),
    };
  });

  // A real round's report is for signed-in officers whose role may read it (see reportAccess).
  app.get('/reports/:file', async (request, reply) => {
    const params = ReportParams.safeParse(request.params);
    const round =
      params.success &&
      (await store.db
        .selectFrom('statusRounds')
        .select(['id', 'example'])
        .where('id', '=', params.data.file.id)
        .executeTakeFirst());
    if (!params.success || !round) throw new HttpError(404, 'There is no such status round.');
    const access = reportAccess(viewerOf(request), round);
    if (!access.ok) {
      if (params.data.file.format === 'html')
        throw new PageError(access.status, access.title, [access.line]);
      return reply
        .code(access.status)
        .type('text/plain; charset=utf-8')
        .send(`${access.title}. ${access.line}\n`);
    }
    const report = await buildReport(
      store,
      round.id,
      new Date(),
      access.cityIds ? { cityIds: access.cityIds } : {},
    );
    if (!report) throw new HttpError(404, 'There is no such status round.');
    return params.data.file.format === 'html'
      ? reply.type('text/html; charset=utf-8').send(reportHtml(report))
      : reply.type('text/markdown; charset=utf-8').send(reportMarkdown(report));
  });

  app.get('/docs/*', async (request, reply) => {
    const path = DocPath.safeParse((request.params as { '*': string })['*']);
    const markdown = path.success ? await deps.docs.markdown(path.data) : undefined;
    if (!path.success || markdown === undefined)
      throw new HttpError(404, 'There is no such page in the knowledge base.');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(renderDocPage(path.data, markdown));
  });

  if (deps.dashboard) app.register(dashboardRoutes({ store, ...deps.dashboard }));

  // The page itself; @fastify/send refuses paths that leave the folder and dot-files.
  app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    index: 'index.html',
    cacheControl: false,
    setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
  });

  return app;
}

/**
 * A reply as the page gets it: each button's action encoded into the one string the page
 * sends back (the same codec as Slack's and Discord's ids).
 */
export function forPage(reply: Reply): unknown {
  return {
    ...reply,
    blocks: reply.blocks.map((b) =>
      b.kind === 'buttons'
        ? {
            ...b,
            buttons: b.buttons.map((x) => ({
              ...x,
              action: typeof x.action === 'string' ? x.action : encodeAction(x.action),
            })),
          }
        : b,
    ),
  };
}

function sendError(reply: FastifyReply, status: number, message: string) {
  // Headers here too: errors fastify raises before routing skip the onSend hook.
  return reply
    .code(status)
    .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' })
    .type('application/json; charset=utf-8')
    .send({ error: message });
}
