/**
 * `GET /v1/cluster` (design §4, operator): the controller instances sharing the store, each with its
 * heartbeat, version and the OLTs whose monitoring lease it holds (design §8, issue 16). Every
 * instance answers the same (read from the store). The list is short — one entry per instance — so
 * it is not paged.
 */
import { Type } from 'typebox';
import { defineRoutes, principalOf } from '../context.ts';

const Iso = (description: string) => Type.String({ format: 'date-time', description });

/** The error envelope (design §4) with what a status means on this route (OpenAPI response description). */
const errorMeaning = (description: string) =>
  Type.Object(
    {
      error: Type.Object({
        code: Type.String({ description: 'Reason code (design §4)' }),
        message: Type.String(),
        field: Type.Optional(Type.String()),
      }),
    },
    { description },
  );

const InstanceView = Type.Object({
  id: Type.String({ description: 'Instance id (`PONCTL_INSTANCE`): the owner name in every lease' }),
  incarnation: Type.String({ description: 'This run of the instance (a restart is a new incarnation)' }),
  host: Type.String({ description: 'Host the instance runs on' }),
  version: Type.String({ description: "The controller's version" }),
  startedAt: Iso('When this incarnation joined (database clock)'),
  heartbeatAt: Iso('Its last heartbeat (database clock)'),
  expiresAt: Iso('When it is declared dead unless it heartbeats again (database clock)'),
  self: Type.Boolean({ description: 'The instance that answered this request' }),
  olts: Type.Array(Type.String(), { description: 'OLTs whose monitoring lease it holds, by name' }),
});

const ClusterView = Type.Object(
  {
    instance: Type.String({ description: 'The instance that answered' }),
    leaseMs: Type.Integer({
      description: "The lease period: a dead instance's OLTs are owned again within it (`PONCTL_LEASE_MS`)",
    }),
    instances: Type.Array(InstanceView, { description: 'Live instances, oldest first' }),
    unowned: Type.Array(Type.String(), {
      description: 'OLTs monitored but held by no live instance now (only between a death and its takeover)',
    }),
  },
  {
    description: 'The live instances and the OLTs each one monitors',
    examples: [
      {
        instance: 'ponctl-a',
        leaseMs: 10000,
        instances: [
          {
            id: 'ponctl-a',
            incarnation: '3f9c0a1b2c4d',
            host: 'ctl-1',
            version: '0.1.0',
            startedAt: '2026-03-02T08:00:00.000Z',
            heartbeatAt: '2026-03-02T09:12:07.500Z',
            expiresAt: '2026-03-02T09:12:13.750Z',
            self: true,
            olts: ['olt-1', 'olt-4'],
          },
          {
            id: 'ponctl-b',
            incarnation: '81d2e7f0a9b3',
            host: 'ctl-2',
            version: '0.1.0',
            startedAt: '2026-03-02T08:00:02.000Z',
            heartbeatAt: '2026-03-02T09:12:08.100Z',
            expiresAt: '2026-03-02T09:12:14.350Z',
            self: false,
            olts: ['olt-2', 'olt-3'],
          },
        ],
        unowned: [],
      },
    ],
  },
);

export default defineRoutes(async (app, { services }) => {
  app.get(
    '/v1/cluster',
    {
      schema: {
        operationId: 'getCluster',
        tags: ['cluster'],
        summary: 'Operator: controller instances, their heartbeats and the OLTs each one monitors',
        description:
          'Design §8: several instances share one PostgreSQL database; each OLT is monitored by exactly ' +
          'one live instance, through a per-OLT lease spread evenly over the instances and taken over ' +
          'within the lease period when an instance dies. On SQLite there is one instance. Operator ' +
          'key only; an SP key is told there is no such resource.',
        response: {
          200: ClusterView,
          401: errorMeaning('No or an unknown API key'),
          404: errorMeaning('The key is not an operator key'),
        },
      },
    },
    async (req) => services.cluster.view(principalOf(req)),
  );
});
