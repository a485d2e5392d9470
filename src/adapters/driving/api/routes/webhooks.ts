/**
 * Webhook endpoints of the calling SP (design §4 "Webhooks"; issue 8 §6), subscribed to some or all
 * event kinds (issue 14 §7), and the dead-lettered deliveries with their replay (issue 17 item 3).
 */
import { Type } from 'typebox';
import { WEBHOOK_EVENTS } from '../../../../domain/notifications/webhooks.ts';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses, IdParams } from '../schemas.ts';
import { pageQuery, pageResponse, sendPage } from '../pagination.ts';

const EventKinds = Type.Array(Type.Unsafe<string>({ type: 'string', enum: [...WEBHOOK_EVENTS] }), {
  minItems: 1,
  maxItems: WEBHOOK_EVENTS.length,
  description: 'The event kinds this endpoint is sent (absent: every event)',
});

const Endpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  createdAt: Type.String(),
  events: Type.Optional(EventKinds),
});

const DeadLetter = Type.Object({
  id: Type.String({ description: 'Delivery id' }),
  eventId: Type.String(),
  endpointId: Type.String(),
  spId: Type.String(),
  event: Type.String(),
  url: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Optional(
    Type.String({ description: 'Category of the last failure: timeout, refused, http-5xx, …' }),
  ),
  createdAt: Type.String(),
});

export default defineRoutes(async (app, { services }) => {
  app.post(
    '/v1/webhooks',
    {
      schema: {
        summary:
          'Register a webhook URL; the signing secret (HMAC-SHA256, header X-Ponctl-Signature) is returned only here',
        body: Type.Object(
          {
            url: Type.String({ minLength: 8, maxLength: 2000 }),
            secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
            events: Type.Optional(EventKinds),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            url: Type.String(),
            createdAt: Type.String(),
            events: Type.Optional(EventKinds),
            secret: Type.String(),
          }),
          ...errorResponses(400, 401, 403, 422),
        },
      },
      // an SP's write: it shares the order intake's fair gate (docs/fairness.md)
      config: { fairIntake: true },
    },
    async (req, reply) =>
      reply.status(201).send(await services.webhooks.register(principalOf(req), req.body)),
  );

  app.get(
    '/v1/webhooks',
    {
      schema: {
        summary: "The caller's webhook endpoints (secrets are never shown)",
        querystring: pageQuery({}),
        response: {
          200: pageResponse('webhooks', Endpoint, 'Webhook endpoints, oldest first'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (req) => sendPage('webhooks', await services.webhooks.list(principalOf(req), req.query)),
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        summary: 'Remove a webhook endpoint',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 404) },
      },
      // an SP's write: it shares the order intake's fair gate (docs/fairness.md)
      config: { fairIntake: true },
    },
    async (req, reply) => {
      await services.webhooks.remove(principalOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/webhooks/events',
    {
      schema: {
        summary: "The caller's latest notifications and their delivery state",
        querystring: pageQuery({}),
        response: {
          200: pageResponse(
            'events',
            Type.Object({
              id: Type.String(),
              event: Type.String(),
              createdAt: Type.String(),
              payload: Type.Unknown(),
              deliveries: Type.Array(
                Type.Object({
                  endpointId: Type.String(),
                  state: Type.String(),
                  attempts: Type.Integer(),
                  lastError: Type.Optional(Type.String()),
                  deliveredAt: Type.Optional(Type.String()),
                }),
              ),
            }),
            'Notifications, newest first, with their delivery state',
          ),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (req) => sendPage('events', await services.webhooks.events(principalOf(req), req.query)),
  );

  app.get(
    '/v1/webhooks/dead-letters',
    {
      schema: {
        summary: 'Deliveries that gave up after their last retry (an SP: its own; operator: all or ?sp=)',
        querystring: pageQuery({ sp: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: {
          200: pageResponse('deadLetters', DeadLetter, 'Dead-lettered deliveries, oldest first'),
          ...errorResponses(400, 401),
        },
      },
    },
    async (req) => sendPage('deadLetters', await services.webhooks.deadLetters(principalOf(req), req.query)),
  );

  app.post(
    '/v1/webhooks/dead-letters/replay',
    {
      schema: {
        summary: 'Queue dead-lettered deliveries again: all of the caller, or only `ids` / one `endpointId`',
        body: Type.Object(
          {
            ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000 })),
            endpointId: Type.Optional(Type.String({ maxLength: 100 })),
            sp: Type.Optional(Type.String({ maxLength: 100, description: 'Operator: only this SP' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ replayed: Type.Integer({ description: 'Deliveries queued again' }) }),
          ...errorResponses(400, 401, 404),
        },
      },
      // an SP's write: it shares the order intake's fair gate (docs/fairness.md)
      config: { fairIntake: true },
    },
    async (req) => services.webhooks.replay(principalOf(req), req.body ?? {}),
  );
});
