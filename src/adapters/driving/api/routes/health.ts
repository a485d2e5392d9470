/** Health and Prometheus metrics (design §4); public so that probes and scrapers need no key. */
import { defineRoutes } from '../context.ts';

/**
 * The readiness body; on 503 it also carries the error envelope (design §4), so that a client that
 * reads only `error` learns why, and a probe reads only the status.
 */
const READINESS = {
  type: 'object',
  additionalProperties: true,
  required: ['status', 'time', 'problems'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not-ready'] },
    time: { type: 'string', format: 'date-time' },
    problems: { type: 'array', items: { type: 'string' } },
    store: { type: 'string', enum: ['ok', 'unavailable'] },
    workers: { type: 'array', items: { type: 'object', additionalProperties: true } },
    olts: { type: 'array', items: { type: 'object', additionalProperties: true } },
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

/** Workers without which the controller cannot do its job (issue 14 item 6). */
const REQUIRED_WORKERS = ['provisioning', 'monitoring', 'webhook-delivery'];

export default defineRoutes(async (app, { clock, metrics, services, workers }) => {
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary:
          'Readiness: the store, every worker, the reachability of each OLT; 503 when the controller cannot do its job',
        description:
          'Not ready when the store does not answer, a required worker (provisioning, monitoring, webhook delivery) does not run, or OLTs are registered and none is reachable. An OLT not polled yet is `unknown`.',
        response: {
          200: {
            description: 'Ready: the store answers, every required worker runs, an OLT is reachable',
            ...READINESS,
          },
          503: {
            description:
              'Not ready (`NOT_READY`): the envelope names the problems; the readiness fields say which part failed',
            ...READINESS,
          },
        },
      },
    },
    async (_req, reply) => {
      const time = clock.now().toISOString();
      let store: 'ok' | 'unavailable' = 'ok';
      try {
        await services.orders.ping();
      } catch {
        store = 'unavailable';
      }
      const ws = workers?.() ?? [];
      const olts =
        store === 'ok'
          ? services.monitoring.oltReachability(await services.olts.names().catch(() => []))
          : [];
      const problems = [
        ...(store === 'ok' ? [] : ['store unavailable']),
        ...REQUIRED_WORKERS.filter((n) => !ws.find((w) => w.name === n && w.running)).map(
          (n) => `worker ${n} not running`,
        ),
        ...(olts.length && olts.every((o) => o.reachable === 'unreachable') ? ['no OLT reachable'] : []),
      ];
      const body = {
        status: problems.length ? ('not-ready' as const) : ('ready' as const),
        time,
        problems,
        store,
        workers: ws,
        olts,
      };
      if (!problems.length) return body;
      return reply.status(503).send({ ...body, error: { code: 'NOT_READY', message: problems.join('; ') } });
    },
  );

  app.get(
    '/healthz',
    { config: { public: true }, schema: { summary: 'Liveness and store reachability' } },
    async (_req, reply) => {
      try {
        await services.orders.ping();
        return { status: 'ok', time: clock.now().toISOString() };
      } catch {
        return reply.status(503).send({ status: 'store-unavailable', time: clock.now().toISOString() });
      }
    },
  );
  app.get(
    '/metrics',
    { config: { public: true }, schema: { summary: 'Prometheus metrics', hide: true } },
    async (_req, reply) => {
      void reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
});
