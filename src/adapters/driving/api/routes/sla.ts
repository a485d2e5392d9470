/**
 * SLA reports (design §4, §7; spec §5–§6): the month's credits with their explanation, and the
 * monthly CSV statement of one SP. An SP key sees only its own; the operator all or `?sp=`.
 * A bad month is 400 INVALID_MONTH (answered by the service, so the code is the same everywhere).
 */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses } from '../schemas.ts';

const MonthQuery = Type.Object({
  month: Type.Optional(
    Type.String({
      description: 'YYYY-MM (Europe/Zagreb calendar month; outages are booked in the month they end)',
    }),
  ),
  sp: Type.Optional(
    Type.String({ maxLength: 100, description: 'operator: one SP (an SP key may only name itself)' }),
  ),
});

const CreditLine = Type.Object(
  {
    outageId: Type.String(),
    rule: Type.String({ description: 'access-hourly | service-daily' }),
    service: Type.Optional(Type.String()),
    countedMinutes: Type.Integer(),
    units: Type.Integer({ description: 'full hours or full days' }),
    amount: Type.Number({ description: 'EUR' }),
  },
  { additionalProperties: true },
);

const CreditsReport = Type.Object(
  {
    month: Type.String(),
    total: Type.Number(),
    sps: Type.Array(
      Type.Object(
        {
          sp: Type.String(),
          total: Type.Number(),
          subscribers: Type.Array(
            Type.Object(
              { adapterId: Type.String(), total: Type.Number(), lines: Type.Array(CreditLine) },
              { additionalProperties: true },
            ),
          ),
        },
        { additionalProperties: true },
      ),
    ),
    excluded: Type.Array(
      Type.Object(
        { outageId: Type.String(), adapterId: Type.String(), reason: Type.String() },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true, description: 'design §7 output' },
);

export default defineRoutes(async (app, { services }) => {
  app.get(
    '/v1/sla/credits',
    {
      schema: {
        summary: 'SLA credits of a month with their explanation (outage, rule, minutes, amount)',
        querystring: MonthQuery,
        response: { 200: CreditsReport, ...errorResponses(400, 401, 404) },
      },
    },
    async (req) => services.sla.credits(principalOf(req), req.query),
  );

  app.get(
    '/v1/sla/statement.csv',
    {
      schema: {
        summary: "Monthly CSV specification of one SP's services, fees and credits (docs/sla.md columns)",
        querystring: MonthQuery,
        produces: ['text/csv'],
        response: {
          200: Type.String({ description: 'text/csv (RFC 4180, CRLF)' }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (req, reply) => {
      const { sp, month, csv } = await services.sla.statementCsv(principalOf(req), req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${sp.replace(/[^\w.-]/g, '_')}-${month}.csv"`)
        .send(csv);
    },
  );
});
