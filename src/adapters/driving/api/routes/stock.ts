/** `GET /v1/stock` (issue 14 §7): the caller's ONT stock (spec §7), paged by serial. */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { pageQuery, pageResponse, sendPage } from '../pagination.ts';
import { errorResponses } from '../schemas.ts';

const STATES = ['in-stock', 'reserved', 'installed', 'return-due', 'returned', 'charged'] as const;

const StockItem = Type.Object(
  {
    serial: Type.String({ description: 'ONT serial (vendor id + 8 hex)' }),
    state: Type.Unsafe<(typeof STATES)[number]>({ type: 'string', enum: [...STATES] }),
    adapterId: Type.Optional(Type.String({ description: 'The access it is reserved for or installed at' })),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { examples: [{ serial: 'ZTEG00000004', state: 'in-stock', updatedAt: '2026-03-02T08:00:00.000Z' }] },
);

export default defineRoutes(async (app, { services }) => {
  app.get(
    '/v1/stock',
    {
      schema: {
        summary: "The caller's ONT stock with each serial's state (operator: one SP's with ?sp=)",
        querystring: pageQuery({
          sp: Type.Optional(Type.String({ maxLength: 100, description: 'Operator: whose stock' })),
          state: Type.Optional(Type.Unsafe<(typeof STATES)[number]>({ type: 'string', enum: [...STATES] })),
        }),
        response: {
          200: pageResponse('stock', StockItem, 'ONT serials, by serial'),
          ...errorResponses(400, 401),
        },
      },
    },
    async (req) => sendPage('stock', await services.stock.list(principalOf(req), req.query)),
  );
});
