/**
 * Fault tickets (spec §4; design §4): filed as SBSN orders (POST /v1/orders), read here with their
 * repair clock. The operator parks/resumes the clock and closes with measurements; the SP verifies
 * within 24 h of the close (`POST /v1/faults/:id/verification`, fixed). Another SP's fault is 404.
 */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses, IdParams } from '../schemas.ts';
import { pageQuery, pageResponse, sendPage } from '../pagination.ts';

const FaultView = Type.Object(
  {
    id: Type.String(),
    orderId: Type.String(),
    sp: Type.String(),
    adapterId: Type.String(),
    category: Type.String(),
    state: Type.String(),
    reportedAt: Type.String(),
    activationFault: Type.Boolean(),
    appointmentNeeded: Type.Boolean(),
    clock: Type.Object({
      phase: Type.String(),
      running: Type.Boolean(),
      allowanceMinutes: Type.Integer(),
      countedMinutes: Type.Integer(),
      remainingMinutes: Type.Integer(),
      deadline: Type.Union([Type.String(), Type.Null()]),
      overdue: Type.Boolean(),
      stops: Type.Array(
        Type.Object({
          start: Type.String(),
          end: Type.Optional(Type.String()),
          reason: Type.String(),
          message: Type.Optional(Type.String()),
          resumeMessage: Type.Optional(Type.String()),
        }),
      ),
    }),
    closedAt: Type.Optional(Type.String()),
    verificationDueBy: Type.Optional(Type.String()),
    negativeVerifications: Type.Integer(),
    outsideOwnerDomain: Type.Optional(Type.Boolean()),
    measurements: Type.Optional(Type.String()),
    history: Type.Array(
      Type.Object({
        at: Type.String(),
        event: Type.String(),
        from: Type.Optional(Type.String()),
        to: Type.String(),
        reason: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
      }),
    ),
  },
  { additionalProperties: true },
);

export default defineRoutes(async (app, { services }) => {
  app.get(
    '/v1/faults',
    {
      schema: {
        summary: 'Fault tickets (SP: its own; operator: all, or ?sp=)',
        querystring: pageQuery(
          {
            sp: Type.Optional(Type.String({ maxLength: 100 })),
            adapterId: Type.Optional(Type.String({ maxLength: 100 })),
            state: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { defaultLimit: 500, maxLimit: 5000 },
        ),
        response: {
          200: pageResponse('faults', FaultView, 'Fault tickets, newest report first'),
          ...errorResponses(400, 401),
        },
      },
    },
    async (req) => sendPage('faults', await services.faults.list(principalOf(req), req.query)),
  );

  app.get(
    '/v1/faults/:id',
    {
      schema: {
        summary: 'A fault ticket with its repair clock (counted time, deadline, stops) and history',
        params: IdParams,
        response: { 200: FaultView, ...errorResponses(401, 404) },
      },
    },
    async (req) => services.faults.get(principalOf(req), req.params.id),
  );

  app.post(
    '/v1/faults/:id/clock',
    {
      schema: {
        summary:
          'Operator: stop (park) or restart the repair clock, by a message to the SP (spec §4 reasons only)',
        params: IdParams,
        body: Type.Object(
          {
            action: Type.Union([Type.Literal('park'), Type.Literal('resume')]),
            reason: Type.Optional(
              Type.String({ maxLength: 100, description: 'park: one of the spec §4 reasons' }),
            ),
            message: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: FaultView, ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (req) => {
      const b = req.body;
      return services.faults.moveClock(
        principalOf(req),
        req.params.id,
        b.action === 'park'
          ? { action: 'park', reason: b.reason ?? '', message: b.message }
          : { action: 'resume', message: b.message },
      );
    },
  );

  app.post(
    '/v1/faults/:id/close',
    {
      schema: {
        summary:
          'Operator: close the fault with measurements (fires fault.closed to the SP); ends a joint visit',
        params: IdParams,
        body: Type.Object(
          {
            measurements: Type.String({ minLength: 1, maxLength: 10_000 }),
            outsideOwnerDomain: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: FaultView, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (req) => services.faults.close(principalOf(req), req.params.id, req.body),
  );

  app.post(
    '/v1/faults/:id/verification',
    {
      schema: {
        summary:
          'SP: positive or negative verification of a closed fault, within 24 h of the close (spec §4)',
        params: IdParams,
        body: Type.Object(
          { result: Type.Union([Type.Literal('positive'), Type.Literal('negative')]) },
          { additionalProperties: false },
        ),
        response: { 200: FaultView, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
      // an SP's write: it shares the order intake's fair gate (docs/fairness.md)
      config: { fairIntake: true },
    },
    async (req) => services.faults.verify(principalOf(req), req.params.id, req.body.result),
  );
});
