/**
 * Planned works (design §4, spec §5): the operator announces works; the announcement time is the
 * controller's clock, never the body; the scope is resolved to AdapterIDs when announced.
 */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses } from '../schemas.ts';
import { pageQuery, pageResponse, sendPage } from '../pagination.ts';

const Scope = Type.Object(
  {
    adapterIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100_000 }),
    ),
    olt: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    pon: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'R/S/P on the OLT' })),
  },
  { additionalProperties: false },
);

const WorksView = Type.Object(
  {
    id: Type.String(),
    scope: Scope,
    adapterIds: Type.Array(Type.String()),
    start: Type.String(),
    end: Type.String(),
    announcedAt: Type.String({ description: "the controller's clock at the announcement" }),
    description: Type.String(),
    inTime: Type.Boolean({
      description: 'announced at least 3 working days ahead (spec §5): not outage time',
    }),
    earliestExcludedStartDate: Type.String(),
  },
  { additionalProperties: true },
);

export default defineRoutes(async (app, { services }) => {
  app.post(
    '/v1/planned-works',
    {
      schema: {
        summary: 'Operator: announce planned works (scope, start, end); announcement time recorded',
        body: Type.Object(
          {
            scope: Scope,
            start: Type.String({ description: 'ISO-8601 instant with offset' }),
            end: Type.String({ description: 'ISO-8601 instant with offset' }),
            description: Type.String({ minLength: 1, maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: WorksView, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await services.plannedWorks.announce(principalOf(req), req.body)),
  );

  app.get(
    '/v1/planned-works',
    {
      schema: {
        summary: 'Operator: planned works overlapping [from, to)',
        querystring: pageQuery(
          {
            from: Type.Optional(Type.String({ format: 'date-time', description: 'ISO-8601 instant' })),
            to: Type.Optional(Type.String({ format: 'date-time', description: 'ISO-8601 instant' })),
          },
          { defaultLimit: 1000, maxLimit: 10_000 },
        ),
        response: {
          200: pageResponse('plannedWorks', WorksView, 'Planned works, earliest start first'),
          ...errorResponses(400, 401, 404, 422),
        },
      },
    },
    async (req) => sendPage('plannedWorks', await services.plannedWorks.list(principalOf(req), req.query)),
  );
});
