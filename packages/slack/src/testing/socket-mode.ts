import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { applyAppResponse, type Interaction } from './interactions.js';
import type { FakeSlackState } from './state.js';

/**
 * Slack's Socket Mode on the fake: `apps.connections.open` hands out a single-use
 * `ws://…/link/?ticket=…` URL; on connect the fake sends `hello`; it delivers envelopes
 * `{ envelope_id, type, payload, accepts_response_payload, retry_attempt, retry_reason }` and
 * waits for the app's ack `{ envelope_id, payload? }`; it can send `disconnect`.
 */

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface SentEnvelope {
  envelope: Record<string, unknown>;
  /** The app's ack, once it came. */
  ack?: SocketAck;
}

export interface SocketDeliveryOptions {
  /** Sets `retry_attempt` / `retry_reason` (events_api envelopes). */
  retry?: { num: number; reason?: string };
  /** How long to wait for the ack before rejecting (default 10 s). */
  ackTimeoutMs?: number;
}

export function createSocketModeServer(state: FakeSlackState) {
  const server = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const sockets: WebSocket[] = [];
  const envelopes: SentEnvelope[] = [];
  const waiting = new Map<string, (ack: SocketAck) => void>();
  let next = 0;

  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('close', () => sockets.splice(sockets.indexOf(socket), 1));
    socket.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (typeof message !== 'object' || message === null) return;
      const ack = message as SocketAck;
      if (typeof ack.envelope_id !== 'string') return;
      waiting.get(ack.envelope_id)?.(ack);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: sockets.length,
        debug_info: {
          host: 'applink-fake-1',
          build_number: 1,
          approximate_connection_time: 18060,
        },
        connection_info: { app_id: state.workspace.appId },
      }),
    );
  });

  return {
    /** apps.connections.open: a fresh single-use WebSocket URL. */
    issueUrl(): string {
      const ticket = randomBytes(16).toString('hex');
      tickets.add(ticket);
      return `${state.baseUrl.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${state.workspace.appId}`;
    },

    /** Accepts a WebSocket upgrade at `/link/?ticket=…` with a ticket it issued. */
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(request.url ?? '/', 'http://fake');
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },

    connections: (): number => sockets.length,
    envelopes,

    /**
     * Sends an interaction in an envelope to one open connection (round robin), resolves
     * with the app's ack and applies its payload as Slack would.
     */
    deliver(interaction: Interaction, options: SocketDeliveryOptions = {}): Promise<SocketAck> {
      const socket = sockets[next++ % Math.max(sockets.length, 1)];
      if (!socket)
        return Promise.reject(new Error('No app is connected to the fake Slack over Socket Mode.'));
      const envelopeId = randomUUID();
      const envelope: Record<string, unknown> = {
        envelope_id: envelopeId,
        type: interaction.type,
        payload: interaction.payload,
        accepts_response_payload: interaction.type !== 'events_api',
      };
      if (interaction.type === 'events_api') {
        envelope.retry_attempt = options.retry?.num ?? 0;
        envelope.retry_reason = options.retry?.reason ?? (options.retry ? 'timeout' : '');
      }
      const sent: SentEnvelope = { envelope };
      envelopes.push(sent);
      const timeoutMs = options.ackTimeoutMs ?? 10_000;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(envelopeId);
          reject(new Error(`The app did not ack envelope ${envelopeId} within ${timeoutMs} ms.`));
        }, timeoutMs);
        waiting.set(envelopeId, (ack) => {
          clearTimeout(timer);
          waiting.delete(envelopeId);
          sent.ack = ack;
          applyAppResponse(state, interaction, ack.payload);
          resolve(ack);
        });
        socket.send(JSON.stringify(envelope));
      });
    },

    /** Sends `{ type: 'disconnect', reason }` to every connection (the app should reconnect). */
    disconnect(reason: 'warning' | 'refresh_requested' | 'link_disabled' = 'refresh_requested') {
      for (const socket of sockets)
        socket.send(
          JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }),
        );
    },

    async close(): Promise<void> {
      for (const socket of [...sockets]) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type SocketModeServer = ReturnType<typeof createSocketModeServer>;
