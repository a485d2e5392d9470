/** Coverage and availability reports (spec §8; port-unblocking.md steps 2–4). */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses } from '../schemas.ts';
import { pageQuery, pageResponse, sendPage } from '../pagination.ts';

const AddressOut = Type.Object({
  street: Type.String(),
  number: Type.String(),
  city: Type.String(),
  county: Type.String(),
  flat: Type.Optional(Type.String()),
});

export default defineRoutes(async (app, { services }) => {
  app.get(
    '/v1/coverage',
    {
      schema: {
        summary: 'Covered addresses: address, node, technology, free or taken',
        querystring: pageQuery(
          {
            city: Type.Optional(Type.String({ maxLength: 100 })),
            street: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { defaultLimit: 1000, maxLimit: 10_000 },
        ),
        response: {
          200: pageResponse(
            'addresses',
            Type.Object({
              address: AddressOut,
              node: Type.String(),
              technology: Type.String(),
              status: Type.String({ description: 'free | taken' }),
            }),
            'Covered addresses',
          ),
          ...errorResponses(400, 401),
        },
      },
    },
    async (req) => sendPage('addresses', await services.reports.coverage(req.query)),
  );

  app.get(
    '/v1/availability',
    {
      schema: {
        summary:
          'Port status, the services that block it (SP name and kinds only), whether a forced order is possible',
        querystring: Type.Object({
          address: Type.Optional(
            Type.String({ maxLength: 300, description: '"Street Number, City[, flat]"' }),
          ),
          adapterId: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: {
          200: Type.Object({
            address: Type.Optional(AddressOut),
            adapterId: Type.Optional(Type.String()),
            covered: Type.Boolean(),
            node: Type.Optional(Type.String()),
            technology: Type.Optional(Type.String()),
            status: Type.String(),
            blocking: Type.Array(
              Type.Object({ sp: Type.String(), services: Type.Array(Type.String()), state: Type.String() }),
            ),
            forcedOrderPossible: Type.Boolean(),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (req) => services.reports.availability(principalOf(req), req.query),
  );
});
