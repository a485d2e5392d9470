/**
 * The OLT registry and discovery (issue 14, operator only): register, show, edit, remove, test and
 * trust OLTs (credentials write-only, host keys pinned); unconfigured ONUs of every OLT. Routes call
 * the OLT service, never the store. GET /v1/olts (the list) is in olts.ts.
 */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses, IdParams } from '../schemas.ts';
import {
  Fingerprint,
  OltCreateBody,
  OltPatchBody,
  OltProbeSchema,
  OltRegistryViewSchema,
} from '../schemas/olt-registry.ts';

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
  app.post(
    '/v1/olts',
    {
      schema: {
        operationId: 'createOlt',
        tags: ['olts'],
        summary: 'Operator: register an OLT (credentials sealed at rest, write-only)',
        description:
          'With `detect` (or without `profile`) the OLT is asked which device profile it is. Without `hostKey` the SSH host key is pending until `POST /v1/olts/{id}/trust`: nothing is read or written before.',
        body: OltCreateBody,
        response: {
          201: Type.Intersect(
            [OltRegistryViewSchema, Type.Object({ detected: Type.Optional(OltProbeSchema) })],
            {
              description: 'The OLT as registered',
            },
          ),
          ...errorResponses(400, 401, 404, 409, 422),
        },
      },
    },
    async (req, reply) => reply.status(201).send(await services.olts.add(principalOf(req), req.body)),
  );

  app.get(
    '/v1/olts/:id',
    {
      schema: {
        operationId: 'getOlt',
        tags: ['olts'],
        summary: 'Operator: one OLT of the registry (which secrets are set, never their values)',
        params: IdParams,
        response: { 200: OltRegistryViewSchema, ...errorResponses(401, 404) },
      },
    },
    async (req) => services.olts.get(principalOf(req), req.params.id),
  );

  app.patch(
    '/v1/olts/:id',
    {
      schema: {
        operationId: 'updateOlt',
        tags: ['olts'],
        summary: 'Operator: change an OLT (what is given; credentials merged, write-only)',
        params: IdParams,
        body: OltPatchBody,
        response: { 200: OltRegistryViewSchema, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (req) => services.olts.edit(principalOf(req), req.params.id, req.body),
  );

  app.delete(
    '/v1/olts/:id',
    {
      schema: {
        operationId: 'deleteOlt',
        tags: ['olts'],
        summary: 'Operator: remove an OLT (409 OLT_HAS_SUBSCRIBERS while an access on it is live)',
        params: IdParams,
        response: {
          204: Type.Null({ description: 'Removed' }),
          ...errorResponses(401, 404, 409),
        },
      },
    },
    async (req, reply) => {
      await services.olts.remove(principalOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/olts/:id/test',
    {
      schema: {
        operationId: 'testOlt',
        tags: ['olts'],
        summary:
          'Operator: connect over each registered protocol and report what was found (nothing written)',
        params: IdParams,
        response: { 200: OltProbeSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (req) => services.olts.test(principalOf(req), req.params.id),
  );

  app.post(
    '/v1/olts/:id/trust',
    {
      schema: {
        operationId: 'trustOltHostKey',
        tags: ['olts'],
        summary: 'Operator: pin the SSH host key the OLT presented (or the one given); writes resume',
        params: IdParams,
        body: Type.Optional(
          Type.Object({ hostKey: Type.Optional(Fingerprint) }, { additionalProperties: false }),
        ),
        response: { 200: OltRegistryViewSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (req) => services.olts.trust(principalOf(req), req.params.id, req.body?.hostKey),
  );

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
