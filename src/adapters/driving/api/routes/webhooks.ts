/** Webhook endpoints of the calling SP (design §4 "Webhooks"; issue 8 §6). */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses, IdParams } from '../schemas.ts';
import { pageQuery, pageResponse, sendPage } from '../pagination.ts';

const Endpoint = Type.Object({ id: Type.String(), url: Type.String(), createdAt: Type.String() });

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
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            url: Type.String(),
            createdAt: Type.String(),
            secret: Type.String(),
          }),
          ...errorResponses(400, 401, 403, 422),
        },
      },
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
});
