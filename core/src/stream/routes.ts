import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  STREAM_PATH,
  STREAM_TICKET_PATH,
  StreamCloseCode,
  type Authenticator,
  type Principal,
} from '@pteronimbus/sdk';
import { StreamOriginRefused, StreamTicketInvalid, Unauthenticated } from '../errors/codes.ts';
import type { StreamHub } from './hub.ts';
import type { StreamTickets } from './tickets.ts';

export interface StreamRouteOptions {
  tickets: StreamTickets;
  authenticators: () => readonly Authenticator[];
  /** The origin of `PUBLIC_URL`: the only page allowed to open a cookie-authenticated socket. */
  publicOrigin: string;
}

const TicketAnswer = Type.Object({
  ticket: Type.String({ description: `Give it once as \`?ticket=\` to ${STREAM_PATH}.` }),
  expiresAt: Type.String({ format: 'date-time' }),
});

/** `GET /api/v1/stream` (the WebSocket) and `POST /api/v1/stream/ticket`. */
export async function streamRoutes(
  app: FastifyInstance,
  hub: StreamHub,
  options: StreamRouteOptions,
): Promise<void> {
  const { tickets, authenticators, publicOrigin } = options;

  app.post(
    STREAM_TICKET_PATH,
    {
      config: { authenticated: true },
      schema: {
        tags: ['stream'],
        summary: 'A one-time ticket to open the stream without cookies (usable once, for 30 s)',
        response: { 201: TicketAnswer },
      },
    },
    async (request, reply) => reply.code(201).send(await tickets.issue(request.principal!)),
  );

  // Declared public because the upgrade authenticates itself below: a ticket first, then the
  // same authenticators as every other route, behind an origin check.
  const authenticate = async (request: FastifyRequest): Promise<Principal> => {
    const { ticket } = request.query as { ticket?: string };
    if (ticket !== undefined) {
      const principal = await tickets.redeem(ticket);
      if (!principal) throw StreamTicketInvalid();
      return principal;
    }
    // Browsers attach cookies to cross-site WebSocket upgrades: only our own pages may use them.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== publicOrigin) throw StreamOriginRefused(publicOrigin);
    for (const authenticator of authenticators()) {
      const principal = await authenticator(request);
      if (principal) return principal;
    }
    throw Unauthenticated();
  };

  app.get(
    STREAM_PATH,
    {
      websocket: true,
      config: { public: true },
      schema: {
        tags: ['stream'],
        summary: 'The real-time stream (WebSocket): see docs/reference/stream.md',
        querystring: Type.Object(
          { ticket: Type.Optional(Type.String({ maxLength: 128 })) },
          { additionalProperties: false },
        ),
        hide: true,
      },
      preValidation: async (request) => {
        request.principal = await authenticate(request);
      },
    },
    (socket, request) => {
      const principal = request.principal!;
      const connection = hub.attach(socket, principal);
      // A session that ended between the ticket's redemption and now: its end was announced
      // before this socket existed, so nothing else would close it.
      if ((request.query as { ticket?: string }).ticket !== undefined)
        void tickets.sessionEnded(principal.sessionId).then(
          (ended) => {
            if (ended) connection.close(StreamCloseCode.SESSION_ENDED, 'session ended', 'session');
          },
          () => connection.close(StreamCloseCode.SESSION_ENDED, 'session ended', 'session'),
        );
    },
  );
}
