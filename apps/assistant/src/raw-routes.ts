import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import getRawBody from 'raw-body';

/**
 * A route answered ahead of the web framework by a plain Node listener: a chat platform's
 * webhook (Slack's `POST /slack/events`) that verifies its own signature over the exact bytes
 * and needs none of the page's sessions, parsers or hooks. Skipping them saves about a tenth of
 * a Slack request's cost (`bench:slack`).
 */
export interface RawRoute {
  method: 'POST';
  /** The path, matched exactly (a query string is allowed and passed on). */
  path: string;
  /** Gets the request with the exact bytes received in `rawBody`. */
  listener: (request: IncomingMessage & { rawBody: Buffer }, response: ServerResponse) => void;
  /** Largest body accepted, in bytes (default 1 MiB); a larger one gets 413. */
  bodyLimit?: number;
}

const DEFAULT_LIMIT = 1024 * 1024;

/** The plain words for a body the server refuses, the same on the framework's routes. */
export const BODY_REFUSED = {
  tooLarge: (limitBytes: number) =>
    `The request is too large (${Math.round(limitBytes / 1024)} KB at most).`,
  lengthMismatch: 'The request body does not match its Content-Length.',
};

export interface RawServerOptions {
  routes: RawRoute[];
  /** Headers of every answer given here (the framework adds the same to its own). */
  headers: Record<string, string>;
  /** True once the server is closing: new requests get 503, as the framework's do. */
  closing: () => boolean;
  /** The framework's timeouts, applied to the server as the framework would. */
  timeouts: { keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number };
}

function sendError(
  response: ServerResponse,
  headers: Record<string, string>,
  status: number,
  message: string,
) {
  if (response.headersSent) return response.destroy();
  response.writeHead(status, {
    ...headers,
    'cache-control': 'no-store',
    'content-type': 'application/json; charset=utf-8',
  });
  response.end(JSON.stringify({ error: message }));
}

/**
 * An HTTP server (for fastify's `serverFactory`) that answers the raw routes itself and hands
 * every other request to `framework`.
 */
export function serverWithRawRoutes(framework: RequestListener, options: RawServerOptions): Server {
  const byKey = new Map(options.routes.map((r) => [`${r.method} ${r.path}`, r]));
  const { headers } = options;
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const route = byKey.get(`${request.method} ${query === -1 ? url : url.slice(0, query)}`);
    if (!route) return framework(request, response);
    if (options.closing()) {
      response.setHeader('connection', 'close');
      return sendError(response, headers, 503, 'The server is shutting down; please try again.');
    }
    const limit = route.bodyLimit ?? DEFAULT_LIMIT;
    getRawBody(request, { limit, length: request.headers['content-length'] }).then(
      (rawBody) => route.listener(Object.assign(request, { rawBody }), response),
      (error: { type?: string }) => {
        if (error.type === 'entity.too.large')
          sendError(response, headers, 413, BODY_REFUSED.tooLarge(limit));
        else if (error.type === 'request.size.invalid')
          sendError(response, headers, 400, BODY_REFUSED.lengthMismatch);
        // Aborted by the client: no one is left to answer.
        else if (error.type !== 'request.aborted')
          sendError(response, headers, 400, 'The request body could not be read.');
      },
    );
  });
  server.keepAliveTimeout = options.timeouts.keepAliveTimeout;
  server.requestTimeout = options.timeouts.requestTimeout;
  server.setTimeout(options.timeouts.connectionTimeout);
  return server;
}
