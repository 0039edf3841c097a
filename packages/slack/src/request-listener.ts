import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';

/** A request whose body another server may already have read into `rawBody`. */
export type SlackIncomingMessage = IncomingMessage & { rawBody?: Buffer };

export type SlackRequestListener = (
  request: SlackIncomingMessage,
  response: ServerResponse,
) => void;

/**
 * Bolt's HTTPReceiver as a plain Node request listener, to mount at `POST /slack/events`
 * inside a server the assistant already runs (the assistant answers it ahead of its web
 * framework; inside fastify: `reply.hijack()` then call it with `request.raw, reply.raw`). The receiver verifies the signature and the 5-minute window over
 * the raw bytes: pass the request unread, or with the exact bytes in `rawBody`. A path that is
 * not one of the receiver's endpoints is answered 404.
 */
export function slackRequestListener(receiver: HTTPReceiver): SlackRequestListener {
  return (request, response) => {
    try {
      receiver.requestListener(request, response);
    } catch {
      // HTTPReceiverDeferredRequestError: not one of the receiver's endpoints.
      if (!response.headersSent) {
        response.writeHead(404);
        response.end();
      }
    }
  };
}
