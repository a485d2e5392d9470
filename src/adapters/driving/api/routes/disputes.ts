/**
 * Disputes (design §4 POST /v1/disputes; port-unblocking.md steps 14–19): the existing SP orders a
 * forced reactivation of a port another SP's forced order took, within the dispute window.
 */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses, AdapterIdParams } from '../schemas.ts';

export default defineRoutes(async (app, { services }) => {
  app.post(
    '/v1/disputes',
    {
      schema: {
        summary:
          "Existing SP's forced reactivation: the port back to exactly its state before the forced order",
        body: Type.Object({ adapterId: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: {
          200: Type.Object({
            adapterId: Type.String(),
            state: Type.String(),
            restoredAt: Type.String(),
            disputeUntil: Type.String(),
          }),
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
      // an SP's write: it shares the order intake's fair gate (docs/fairness.md)
      config: { fairIntake: true },
    },
    async (req) => services.unblocking.dispute(principalOf(req), req.body.adapterId),
  );

  app.get(
    '/v1/disputes/:adapterId',
    {
      schema: {
        summary:
          'The takeover of one of your accesses: dispute window and whether the snapshot is still held',
        params: AdapterIdParams,
        response: {
          200: Type.Object({
            adapterId: Type.String(),
            state: Type.String(),
            takenAt: Type.String(),
            disputeUntil: Type.String(),
            snapshotHeld: Type.Boolean(),
          }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (req) => services.unblocking.view(principalOf(req), req.params.adapterId),
  );
});
