/**
 * The OLT registry and discovery (issue 14, operator only): unconfigured ONUs of every OLT.
 * Routes call the OLT service, never the store.
 */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses } from '../schemas.ts';

const UnconfiguredOnu = Type.Object({
  olt: Type.String({ description: 'OLT name (the registry)' }),
  pon: Type.String({ description: 'PON port `R/S/P`' }),
  serial: Type.String({ description: 'G.984 serial: 4-letter vendor id + 8 hex digits' }),
  firstSeen: Type.String({ format: 'date-time', description: 'When it was first seen (see firstSeenBy)' }),
  firstSeenBy: Type.Union([Type.Literal('olt'), Type.Literal('controller')], {
    description: "`olt`: the device's own instant; `controller`: the first time this instance listed it",
  }),
  rxDbm: Type.Optional(Type.Number({ description: 'Received optical power (dBm), where the OLT says' })),
  model: Type.Optional(Type.String({ description: 'Equipment id the ONU reports, where the OLT says' })),
  onuIdHint: Type.Optional(Type.Integer({ description: 'ONU id the OLT proposes (a hint only)' })),
  matchedOrder: Type.Optional(
    Type.Object(
      {
        id: Type.String(),
        spId: Type.String(),
        category: Type.String(),
        state: Type.String(),
        fieldWorkDone: Type.Boolean({
          description: 'false: the order waits for its technician and proceeds once field work is recorded',
        }),
      },
      { description: 'The open order naming this serial (an SP’s pending activation)' },
    ),
  ),
});

const UnconfiguredScan = Type.Object(
  {
    onus: Type.Array(UnconfiguredOnu),
    olts: Type.Array(
      Type.Object({
        olt: Type.String(),
        ok: Type.Boolean({ description: 'The OLT could be read now' }),
        count: Type.Integer(),
        error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
      }),
      { description: 'Every OLT of the registry: read or not, and why not' },
    ),
  },
  {
    description: 'Unconfigured ONUs of every OLT, read now',
    examples: [
      {
        onus: [
          {
            olt: 'olt-2',
            pon: '1/1/1',
            serial: 'ZTEGC0FFEE01',
            firstSeen: '2026-03-02T08:00:00.000Z',
            firstSeenBy: 'controller',
            matchedOrder: {
              id: 'ord_0123456789abcdef',
              spId: 'sp-alpha',
              category: 'new-access',
              state: 'scheduled',
              fieldWorkDone: false,
            },
          },
        ],
        olts: [{ olt: 'olt-2', ok: true, count: 1 }],
      },
    ],
  },
);

export default defineRoutes(async (app, { services }) => {
  app.get(
    '/v1/onts/unconfigured',
    {
      schema: {
        operationId: 'listUnconfiguredOnts',
        tags: ['olts'],
        summary: 'Operator: ONUs the OLTs see but hold no configuration for, with the order each matches',
        description:
          'Read from every OLT now (ZXA10 `show gpon onu uncfg`, BBF ONU state). An OLT that cannot be read is listed in `olts` with its error; the others are still answered.',
        querystring: Type.Object({ olt: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: UnconfiguredScan, ...errorResponses(400, 401, 404) },
      },
    },
    async (req) => services.olts.listUnconfigured(principalOf(req), req.query),
  );
});
