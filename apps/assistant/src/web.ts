import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Assistant,
  buildReport,
  channelRecipientId,
  readerZone,
  reportHtml,
  reportMarkdown,
} from '@ascn/core';
import { cityById, ROLES, type Role } from '@ascn/domain';
import type { Store } from '@ascn/store';
import { z } from 'zod';
import { describeError, type Log } from './log.js';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
const MAX_BODY = 64 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  'referrer-policy': 'no-referrer',
};

/** A request the page got wrong; answered with its status and a plain message. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const OfficerId = z.string().min(1).max(100).nullable().optional();
const ChatBody = z.object({
  officerId: OfficerId,
  text: z.string().max(100_000, { message: 'the message is too long' }),
});
const ActionBody = z.object({
  officerId: OfficerId,
  action: z.string().min(1).max(100),
  value: z.string().max(200).default(''),
});
const FormBody = z.object({
  officerId: OfficerId,
  context: z.record(z.string(), z.string()).default({}),
  values: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  idempotencyKey: z.string().min(8, { message: 'idempotencyKey is required' }).max(100),
});

async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
): Promise<z.output<S>> {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
    throw new HttpError(415, 'Send JSON (Content-Type: application/json).');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'The request is too large (64 KB at most).');
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new HttpError(400, `${i.path.join('.') || 'body'}: ${i.message}`);
  }
  return parsed.data;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json; charset=utf-8',
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

export interface WebDeps {
  store: Store;
  assistant: Assistant;
  log: Log;
  health: () => Record<string, unknown>;
}

export function createWebServer(deps: WebDeps): Server {
  const { store, assistant, log } = deps;
  /**
   * The page has no sign-in: whoever opens it picks a person. So it may only act as the
   * labelled example people; real officers are known by their verified Slack or Discord id.
   */
  async function actor(officerId: string | null | undefined, channelId = 'general') {
    if (!officerId) return { platform: 'web' as const, userId: 'guest', channelId, officer: null };
    const resolved = await assistant.resolveActor('web', officerId, channelId);
    if (!resolved.officer?.example)
      throw new HttpError(
        403,
        'This page can only act as the example people. Registered officers use Slack or Discord.',
      );
    return resolved;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/health')
      return send(res, 200, { status: 'ok', ...deps.health() });
    if (method === 'GET' && path === '/api/officers') {
      const rows = await store.db
        .selectFrom('officers')
        .selectAll()
        .where('removedAt', 'is', null)
        .where('example', '=', true)
        .orderBy('name')
        .execute();
      return send(
        res,
        200,
        rows.map((o) => ({
          id: o.id,
          name: o.name,
          role: o.role,
          roleLabel: ROLES[o.role as Role] ?? o.role,
          city: o.cityId ? (cityById(o.cityId)?.name ?? o.cityId) : null,
          // The zone the assistant times this person's messages in (the same rule as replies).
          timeZone: readerZone(o),
          example: o.example,
        })),
      );
    }
    if (method === 'POST' && path === '/api/chat') {
      const body = await readJson(req, ChatBody);
      return send(res, 200, {
        reply: await assistant.handle(await actor(body.officerId), body.text),
      });
    }
    if (method === 'POST' && path === '/api/actions') {
      const body = await readJson(req, ActionBody);
      return send(res, 200, {
        reply: await assistant.action(await actor(body.officerId), body.action, body.value),
      });
    }
    const form = /^\/api\/forms\/([a-z-]+)$/.exec(path);
    if (method === 'POST' && form) {
      const formId = form[1];
      if (formId !== 'status-update' && formId !== 'best-practice')
        throw new HttpError(404, 'There is no such form.');
      const body = await readJson(req, FormBody);
      const result = await assistant.submitForm(
        await actor(body.officerId),
        formId,
        body.context,
        body.values,
        `web:${body.idempotencyKey}`,
      );
      return send(res, result.ok ? 200 : 422, result);
    }
    if (method === 'GET' && path === '/api/inbox') {
      const officerId = url.searchParams.get('officerId');
      const after = Number(url.searchParams.get('after') ?? 0) || 0;
      const channel = channelRecipientId('web', 'general');
      const rows = await store.db
        .selectFrom('webMessages')
        .selectAll()
        .where('id', '>', after)
        .where((eb) =>
          eb.or([
            eb.and([eb('recipientKind', '=', 'channel'), eb('recipientId', '=', channel)]),
            ...(officerId
              ? [eb.and([eb('recipientKind', '=', 'officer'), eb('recipientId', '=', officerId)])]
              : []),
          ]),
        )
        .orderBy('id')
        .limit(50)
        .execute();
      return send(res, 200, {
        messages: rows.map((m) => ({
          id: m.id,
          createdAt: m.createdAt,
          to: m.recipientKind,
          reply: m.body,
        })),
      });
    }
    const report = /^\/reports\/(\d+)\.(html|md)$/.exec(path);
    if (method === 'GET' && report) {
      const r = await buildReport(store, Number(report[1]), new Date());
      if (!r) throw new HttpError(404, 'There is no such status round.');
      return report[2] === 'html'
        ? send(res, 200, reportHtml(r), 'text/html; charset=utf-8')
        : send(res, 200, reportMarkdown(r), 'text/markdown; charset=utf-8');
    }
    if (method === 'GET') return serveStatic(res, path === '/' ? '/index.html' : path);
    throw new HttpError(405, 'That method is not allowed here.');
  }

  async function serveStatic(res: ServerResponse, path: string) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      throw new HttpError(404, 'Not found.');
    }
    const file = normalize(join(PUBLIC_DIR, decoded));
    if (!file.startsWith(PUBLIC_DIR)) throw new HttpError(404, 'Not found.');
    const body = await readFile(file).catch(() => undefined);
    if (!body) throw new HttpError(404, 'Not found.');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(body);
  }

  return createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, { error: error.message });
      log('error', 'web request failed', {
        path: (req.url ?? '').split('?')[0],
        ...describeError(error),
      });
      send(res, 500, { error: 'Something went wrong on the server; please try again.' });
    });
  });
}
