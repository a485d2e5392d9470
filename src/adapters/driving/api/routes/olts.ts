/**
 * OLTs (design §4, operator only): the registry with reconciliation flag and last drift report, the
 * dry-run plan (nothing on the device changes), reconcile; and the record of a technician's field
 * work on an order (design §3). Routes call the provisioning service, never the store.
 */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses, IdParams } from '../schemas.ts';
import { OltRegistryViewSchema } from '../schemas/olt-registry.ts';

const Counts = Type.Object({ create: Type.Integer(), update: Type.Integer(), delete: Type.Integer() });

export default defineRoutes(async (app, { services }) => {
  app.get(
    '/v1/olts',
    {
      schema: {
        summary: 'OLTs: profile, protocol, reconciliation flag, last drift report (operator)',
        response: {
          200: Type.Object({ olts: Type.Array(OltRegistryViewSchema) }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (req) => {
      return { olts: await services.olts.list(principalOf(req)) };
    },
  );

  app.get(
    '/v1/olts/:id/plan',
    {
      schema: {
        summary:
          'Dry run: the minimal diff from the device to intent; the device is read, never changed (operator)',
        params: IdParams,
        response: {
          200: Type.Object({
            olt: Type.String(),
            protocol: Type.String(),
            changes: Type.Array(Type.String()),
            counts: Counts,
            payloads: Type.Array(Type.String()),
            unmanaged: Type.Array(Type.String()),
            diff: Type.Unknown(),
          }),
          ...errorResponses(401, 404, 502),
        },
      },
    },
    async (req) => {
      return services.provisioning.plan(principalOf(req), req.params.id);
    },
  );

  app.post(
    '/v1/olts/:id/apply',
    {
      schema: {
        summary: 'Carry out due orders now and bring the managed ONUs to intent (operator)',
        params: IdParams,
        response: {
          200: Type.Object({
            olt: Type.String(),
            changes: Type.Array(Type.String()),
            applied: Type.Boolean(),
            verified: Type.Boolean(),
            orders: Type.Array(Type.Unknown()),
          }),
          ...errorResponses(401, 404, 502),
        },
      },
    },
    async (req) => {
      return services.provisioning.apply(principalOf(req), req.params.id);
    },
  );

  app.post(
    '/v1/olts/:id/reconcile',
    {
      schema: {
        summary: 'Re-read the device, repair drift of managed ONUs, clear the reconciliation flag (operator)',
        params: IdParams,
        response: {
          200: Type.Object({
            olt: Type.String(),
            changes: Type.Array(Type.String()),
            applied: Type.Boolean(),
            verified: Type.Boolean(),
          }),
          ...errorResponses(401, 404, 502),
        },
      },
    },
    async (req) => {
      return services.provisioning.reconcile(principalOf(req), req.params.id);
    },
  );

  app.post(
    '/v1/orders/:id/field-work',
    {
      schema: {
        summary: "Record a technician's completed field work on an order (operator; design §3)",
        params: IdParams,
        body: Type.Object({
          ontSerial: Type.Optional(Type.String({ maxLength: 12 })),
          technician: Type.Optional(Type.String({ maxLength: 200 })),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
          completedAt: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: {
          200: Type.Object({
            at: Type.String(),
            by: Type.String(),
            ontSerial: Type.Optional(Type.String()),
            note: Type.Optional(Type.String()),
          }),
          ...errorResponses(400, 401, 404, 409, 422),
        },
      },
    },
    async (req) => services.provisioning.recordFieldWork(principalOf(req), req.params.id, req.body),
  );
});
