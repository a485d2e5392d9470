/**
 * Monitoring for the network owner (design §4, issue 6; operator keys only — an SP key gets 404):
 * alarms with filters, acknowledge and shelve (RFC 8632 operator-state), incidents by time, one ONT
 * with its optical history, and counts per OLT and PON for the NOC overview.
 */
import { Type } from 'typebox';
import {
  SEVERITIES,
  ALARM_TYPES,
  type AlarmType,
  type Severity,
} from '../../../../domain/monitoring/alarms.ts';
import { INCIDENT_CAUSES, type IncidentCause } from '../../../../domain/monitoring/incidents.ts';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses, IdParams } from '../schemas.ts';
import { AlarmView, IncidentView, OltSummaryView, OntDetailView, OntRowView } from '../schemas/monitoring.ts';
import { pageQuery, pageResponse, sendPage } from '../pagination.ts';

const Iso = Type.String({ format: 'date-time', description: 'ISO-8601 instant' });
export default defineRoutes(async (app, { services }) => {
  const mon = services.monitoring;

  app.get(
    '/v1/alarms',
    {
      schema: {
        summary: 'Alarms (RFC 8632), newest change first',
        querystring: pageQuery(
          {
            olt: Type.Optional(Type.String({ maxLength: 100 })),
            pon: Type.Optional(Type.String({ maxLength: 40 })),
            adapterId: Type.Optional(Type.String({ maxLength: 100 })),
            severity: Type.Optional(Type.Union(SEVERITIES.map((s) => Type.Literal(s)))),
            type: Type.Optional(Type.Union(ALARM_TYPES.map((s) => Type.Literal(s)))),
            cleared: Type.Optional(Type.Boolean()),
            visible: Type.Optional(
              Type.Boolean({
                description: 'only what the NOC should see now (not cleared-and-closed, not shelved)',
              }),
            ),
            from: Type.Optional(Iso),
            to: Type.Optional(Iso),
          },
          { defaultLimit: 1000, maxLimit: 10_000 },
        ),
        response: {
          200: pageResponse('alarms', AlarmView, 'Alarms, newest change first'),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await mon.alarmsPage(principalOf(req), {
        ...q,
        severity: q.severity as Severity | undefined,
        type: q.type as AlarmType | undefined,
      });
      return sendPage('alarms', page);
    },
  );

  app.post(
    '/v1/alarms/:id/ack',
    {
      schema: {
        summary: 'Acknowledge an alarm (RFC 8632 operator-state ack)',
        params: IdParams,
        body: Type.Optional(Type.Object({ text: Type.Optional(Type.String({ maxLength: 500 })) })),
        response: { 200: Type.Object({ alarm: AlarmView }), ...errorResponses(400, 401, 404) },
      },
    },
    async (req) => {
      return { alarm: await mon.acknowledge(principalOf(req), req.params.id, req.body?.text) };
    },
  );

  app.post(
    '/v1/alarms/:id/shelve',
    {
      schema: {
        summary: 'Shelve an alarm: hidden from the NOC until `until` (default one hour)',
        params: IdParams,
        body: Type.Optional(
          Type.Object({
            until: Type.Optional(Iso),
            text: Type.Optional(Type.String({ maxLength: 500, description: "the operator's note" })),
          }),
        ),
        response: { 200: Type.Object({ alarm: AlarmView }), ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (req) => {
      const until = req.body?.until ? new Date(req.body.until) : undefined;
      return { alarm: await mon.shelve(principalOf(req), req.params.id, until, req.body?.text) };
    },
  );

  app.get(
    '/v1/incidents',
    {
      schema: {
        summary: 'Correlated incidents overlapping [from, to), newest first',
        querystring: pageQuery(
          {
            status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
            cause: Type.Optional(Type.Union(INCIDENT_CAUSES.map((c) => Type.Literal(c)))),
            olt: Type.Optional(Type.String({ maxLength: 100 })),
            from: Type.Optional(Iso),
            to: Type.Optional(Iso),
          },
          { defaultLimit: 1000, maxLimit: 10_000 },
        ),
        response: {
          200: pageResponse('incidents', IncidentView, 'Incidents, newest start first'),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await mon.incidentsPage(principalOf(req), {
        ...q,
        cause: q.cause as IncidentCause | undefined,
      });
      return sendPage('incidents', page);
    },
  );

  app.get(
    '/v1/incidents/:id',
    {
      schema: {
        summary: 'One incident',
        params: IdParams,
        response: { 200: IncidentView, ...errorResponses(401, 404) },
      },
    },
    async (req) => {
      return mon.getIncident(principalOf(req), req.params.id);
    },
  );

  app.get(
    '/v1/onts/:olt/:pon/:onuId',
    {
      schema: {
        summary: 'One ONT: state, RX level, thresholds, optical history (oldest first) and its alarms',
        description: 'The PON is `R/S/P`, URL-encoded (`1%2F1%2F1`) or with dashes (`1-1-1`).',
        params: Type.Object({ olt: Type.String(), pon: Type.String(), onuId: Type.Integer({ minimum: 0 }) }),
        querystring: Type.Object({
          from: Type.Optional(Iso),
          to: Type.Optional(Iso),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20_000 })),
        }),
        response: { 200: OntDetailView, ...errorResponses(400, 401, 404) },
      },
    },
    async (req) => {
      const pon = req.params.pon.replace(/-/g, '/');
      const p = principalOf(req);
      const detail = await mon.ontDetail(p, req.params.olt, pon, req.params.onuId, req.query);
      return { ...detail, ...(await services.onts.context(p, req.params.olt, pon, req.params.onuId)) };
    },
  );

  app.get(
    '/v1/onts',
    {
      schema: {
        summary: 'ONTs by free text (serial, AdapterID, address, SP, OLT/PON/ONU position) or place',
        description:
          'The NOC search box and inventory drill-down. `q` matches a serial exactly, an AdapterID by prefix, ' +
          'an SP id exactly, every word of an address, or a position (`olt-1 1/1/2:5`, `1/1/2 5`). ' +
          "An SP key finds only its own accesses' ONTs. State is `unknown` when the OLT cannot be read now.",
        querystring: pageQuery(
          {
            q: Type.Optional(Type.String({ maxLength: 200, examples: ['ZTEG00000001'] })),
            olt: Type.Optional(Type.String({ maxLength: 100 })),
            pon: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { defaultLimit: 100, maxLimit: 1000 },
        ),
        response: {
          200: pageResponse('onts', OntRowView, 'ONTs ordered by OLT, PON, ONU id'),
          ...errorResponses(400, 401),
        },
      },
    },
    async (req) => sendPage('onts', await services.onts.list(principalOf(req), req.query)),
  );

  app.get(
    '/v1/monitoring/summary',
    {
      schema: {
        summary:
          'Counts per OLT and PON: ONTs, down, low optical level, open alarms and incidents; reachability',
        response: {
          200: Type.Object({
            olts: Type.Array(OltSummaryView),
            leader: Type.Boolean({
              description:
                'design §8: whether this instance runs monitoring (PostgreSQL: one leader; the others take over if it dies)',
            }),
          }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (req) => {
      return { olts: mon.summary(principalOf(req)), leader: mon.isLeader() };
    },
  );
});
