/** Health and Prometheus metrics (design §4); public so that probes and scrapers need no key. */
import { defineRoutes } from '../context.ts';

export default defineRoutes(async (app, { clock, metrics, services }) => {
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
