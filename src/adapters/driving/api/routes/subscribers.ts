/** Report by AdapterID (spec §8): services, state, MACs, optical levels, SP, technology. */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses, AdapterIdParams } from '../schemas.ts';

export default defineRoutes(async (app, { services }) => {
  app.get(
    '/v1/subscribers/:adapterId',
    {
      schema: {
        summary: 'Report by AdapterID',
        params: AdapterIdParams,
        response: {
          200: Type.Object({
            adapterId: Type.String(),
            sp: Type.String(),
            spName: Type.Optional(Type.String()),
            state: Type.String(),
            technology: Type.String(),
            accessLevel: Type.String(),
            services: Type.Unknown(),
            channels: Type.Array(Type.String()),
            ontSerial: Type.Optional(Type.String()),
            node: Type.Optional(Type.String()),
            address: Type.Optional(Type.Unknown()),
            port: Type.Object({ olt: Type.String(), pon: Type.String(), onuId: Type.Integer() }),
            ontState: Type.Optional(Type.String()),
            optical: Type.Optional(Type.Record(Type.String(), Type.Number())),
            macs: Type.Array(Type.String()),
            openOrders: Type.Array(Type.String(), {
              maxItems: 50,
              description: 'Open orders on the access, oldest first (at most 50)',
            }),
            openOrdersTotal: Type.Integer({ description: 'How many orders are open on the access in all' }),
            openOrdersNext: Type.Optional(
              Type.String({
                description:
                  'When more orders are open than listed: the GET /v1/orders page (adapterId, open=true, cursor) with the rest',
              }),
            ),
          }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (req) => services.reports.subscriber(principalOf(req), req.params.adapterId),
  );
});
