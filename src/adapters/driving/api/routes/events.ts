/**
 * `GET /v1/events` (design §4): server-sent events for the NOC dashboard — alarms, incidents, ONT
 * state changes and order state changes, filtered by who asks (src/adapters/driving/web/event-stream.ts).
 *
 * Auth: `Authorization: Bearer <key>` like every route, and — because a browser's EventSource cannot
 * set headers — also a short-lived stream token as `?token=` (`POST /v1/events/token`, 60 s) or the
 * `ponctl_key` cookie (the dashboard sets the cookie): the API key itself never travels in a URL
 * (issue 17 item 5). A revoked key's open streams are closed at once (KeyVerifier.onRevoked); a key
 * has at most `maxStreamsPerKey` open streams (429 RATE_LIMITED beyond).
 * Wire format: `event: alarm|incident|ont|order`, `id: <boot>.<seq>`, one-line JSON `data`; first an
 * `event: hello` (role, server time, last id); a `: hb` comment every `heartbeat` ms (default 15 s)
 * keeps proxies from closing an idle stream; `Last-Event-ID` replays up to 500 recent events, or
 * sends `event: resync` when they are gone (the client reloads its lists).
 */
import { Type } from 'typebox';
import { DEFAULT_API_LIMITS, defineRoutes, principalOf } from '../context.ts';
import { DomainError } from '../../../../domain/errors.ts';
import { toOrderView } from '../../../../application/orders/views.ts';
import type { OrderChange } from '../../../../application/orders/order-bus.ts';
import { EventStreamHub, formatSse } from '../../web/event-stream.ts';

/** A client further behind than this is dropped (it reconnects and replays) instead of buffering without end. */
const MAX_BACKLOG_BYTES = 1 << 20;

export default defineRoutes(async (app, ctx) => {
  const hub = new EventStreamHub();
  const unsubscribeMonitoring = ctx.services.monitoring.events.subscribe((e) => {
    hub.publish(e.type, e);
  });
  const onOrderChange = (c: OrderChange) => {
    hub.publish(
      'order',
      {
        type: 'order',
        action: c.to,
        from: c.from,
        to: c.to,
        at: c.at,
        reason: c.reason,
        order: toOrderView(c.order),
      },
      c.order.spId,
    );
  };
  ctx.services.orders.bus.on('change', onOrderChange);
  const stopRevocations = ctx.services.keys.onRevoked((keyId) => hub.closeKey(keyId));
  const maxStreams = (ctx.limits ?? DEFAULT_API_LIMITS).maxStreamsPerKey;
  app.addHook('preClose', async () => {
    hub.close();
  });
  app.addHook('onClose', async () => {
    unsubscribeMonitoring();
    stopRevocations();
    ctx.services.orders.bus.off('change', onOrderChange);
  });

  app.get(
    '/v1/events',
    {
      config: { keyInQueryOrCookie: true },
      schema: {
        summary: 'Live events (server-sent events): alarms, incidents, ONT state and order changes',
        description:
          "Operator keys see everything; an SP key sees only its own order changes. EventSource clients pass a stream token from `POST /v1/events/token` as `?token=` (valid 60 s), or the key as the `ponctl_key` cookie — never the key in the URL. A revoked key's streams end at once.",
        querystring: Type.Object({
          token: Type.Optional(
            Type.String({ maxLength: 200, description: 'Stream token (POST /v1/events/token)' }),
          ),
          heartbeat: Type.Optional(
            Type.Integer({ minimum: 250, maximum: 60_000, description: 'heartbeat comment interval, ms' }),
          ),
        }),
        produces: ['text/event-stream'],
      },
    },
    (req, reply) => {
      const principal = principalOf(req);
      if (hub.countFor(principal.keyId) >= maxStreams)
        throw new DomainError('RATE_LIMITED', `at most ${maxStreams} open event streams per key`, undefined, {
          retryAfterSeconds: 5,
        });
      const heartbeatMs = (req.query as { heartbeat?: number }).heartbeat ?? 15_000;
      const lastEventId = req.headers['last-event-id'];
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx: do not buffer the stream
        'x-request-id': req.id,
      });
      const hello = {
        role: principal.role,
        ...(principal.role === 'sp' ? { sp: principal.spId } : {}),
        now: ctx.clock.now().toISOString(),
        lastId: hub.lastId,
      };
      res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`);

      const replay = hub.replaySince(typeof lastEventId === 'string' ? lastEventId : undefined, principal);
      if (replay?.kind === 'resync') res.write('event: resync\ndata: {}\n\n');
      else if (replay) for (const e of replay.events) res.write(formatSse(e));

      let open = true;
      const end = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        detach();
        res.end();
      };
      const detach = hub.attach({
        principal,
        write: (text) => res.write(text) || res.writableLength < MAX_BACKLOG_BYTES,
        end,
      });
      const heartbeat = setInterval(() => {
        res.write(`: hb ${ctx.clock.now().toISOString()}\n\n`);
      }, heartbeatMs);
      heartbeat.unref();
      req.raw.on('close', end);
      res.on('error', end);
    },
  );

  app.post(
    '/v1/events/token',
    {
      schema: {
        summary: 'A stream token for `GET /v1/events?token=` (60 s): an EventSource cannot send headers',
        response: {
          200: Type.Object(
            {
              token: Type.String(),
              expiresAt: Type.String({ format: 'date-time' }),
            },
            {
              examples: [
                { token: 'pst_0123456789abcdef_1772441000_…', expiresAt: '2026-03-02T08:01:00.000Z' },
              ],
            },
          ),
        },
      },
    },
    async (req) => ctx.services.keys.streamToken(principalOf(req)),
  );
});
