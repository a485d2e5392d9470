/** ONT returns (spec §7): an SP's open and closed returns; the operator records an ONT coming back. */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses } from '../schemas.ts';
import { pageQuery, pageResponse, sendPage } from '../pagination.ts';

const Return = Type.Object({
  serial: Type.String(),
  sp: Type.String(),
  adapterId: Type.Optional(Type.String()),
  reason: Type.String(),
  startedOn: Type.String(),
  dueOn: Type.String(),
  state: Type.String(),
  feeEur: Type.Optional(Type.Number()),
  closedAt: Type.Optional(Type.String()),
});

export default defineRoutes(async (app, { services }) => {
  app.get(
    '/v1/ont-returns',
    {
      schema: {
        summary: 'ONT returns (an SP: its own; operator: all or ?sp=)',
        querystring: pageQuery(
          {
            sp: Type.Optional(Type.String({ maxLength: 100 })),
            state: Type.Optional(
              Type.Union([Type.Literal('open'), Type.Literal('returned'), Type.Literal('charged')]),
            ),
          },
          { defaultLimit: 1000, maxLimit: 10_000 },
        ),
        response: {
          200: pageResponse('returns', Return, 'ONT returns, oldest first'),
          ...errorResponses(400, 401),
        },
      },
    },
    async (req) => sendPage('returns', await services.lifecycle.ontReturns(principalOf(req), req.query)),
  );

  app.post(
    '/v1/ont-returns/:serial',
    {
      schema: {
        summary: 'Operator: the ONT was returned to the warehouse',
        params: Type.Object({ serial: Type.String({ maxLength: 40 }) }),
        response: { 200: Return, ...errorResponses(401, 404) },
      },
    },
    async (req) => {
      return services.lifecycle.recordReturn(principalOf(req), req.params.serial);
    },
  );
});
