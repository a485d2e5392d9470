/**
 * The HTTP API (design §4): fastify with TypeBox schemas, OpenAPI at /openapi.json, bearer-key auth
 * on every route not marked `config: { public: true }`, one error handler, request metrics. The route
 * plugins are listed in routes/index.ts (one file per concept, default export `defineRoutes(...)`).
 */
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ApiApp, ApiContext } from './context.ts';
import { DomainError } from '../../../domain/errors.ts';
import { handleError } from './errors.ts';
import {
  clientErrorHandler,
  frameworkErrors,
  notFoundOrWrongMethod,
  requestIdOf,
  RouteMethods,
} from './http-edges.ts';
import { rejectUncleanInput } from './input-hygiene.ts';
import { bearer, keyFromCookie, streamTokenOf } from './keys.ts';
import { ROUTES } from './routes/index.ts';
import { finishDocument } from './openapi.ts';
import { KeyRateLimiter } from './rate-limit.ts';
import { DEFAULT_INTAKE_GATE, IntakeGate } from './intake-gate.ts';

/**
 * Never log a secret: API keys arrive in headers (and, for the event stream, a cookie or `?key=`),
 * device credentials live in the OLT registry and driver options. pino removes these paths from
 * every record, whatever a caller passes to the logger (brief: "device credentials never appear in
 * logs").
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.key',
  'req.query.token',
  'password',
  '*.password',
  '*.*.password',
  'privateKey',
  '*.privateKey',
  'passphrase',
  '*.passphrase',
  'credentials',
  '*.credentials',
  'community',
  '*.community',
  'authKey',
  '*.authKey',
  'privKey',
  '*.privKey',
  'secret',
  '*.secret',
  'key',
  '*.key',
];

const URL_SECRETS = new Set(['key', 'token', 'ponctl_key', 'api_key', 'apikey', 'access_token']);

/** The URL with the value of every credential-named query parameter censored (names decoded first). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const rawName = eq < 0 ? part : part.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        /* undecodable: judged as written */
      }
      return URL_SECRETS.has(name.trim().toLowerCase()) ? `${rawName}=[redacted]` : part;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

function loggerOptions(logger: BuildApiOptions['logger']): false | Record<string, unknown> {
  if (!logger) return false;
  const level = logger === true ? 'info' : logger.level;
  return {
    level,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // credentials a URL may carry are censored by parameter NAME as the server decodes it, so that
      // `?k%65y=` or `?%6Bey=` (which the query parser reads as `key`) are censored too (issue 17 item 8)
      req: (req: { method: string; url: string; hostname?: string; ip?: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        hostname: req.hostname,
        remoteAddress: req.ip,
      }),
    },
  };
}

export interface BuildApiOptions {
  logger?: boolean | { level: string };
  /** The base URL named in the OpenAPI document's `servers` (default http://127.0.0.1:8080). */
  serverUrl?: string;
}

export async function buildApi(ctx: ApiContext, opts: BuildApiOptions): Promise<ApiApp> {
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    bodyLimit: 256 * 1024,
    keepAliveTimeout: 65_000,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
    genReqId: requestIdOf,
    requestIdLogLabel: 'requestId',
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as ApiApp;
  const routeMethods = new RouteMethods();
  app.addHook('onRoute', (route) => routeMethods.add(route));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ponctl API',
        version: '1',
        description: 'Bitstream (BSN) wholesale API of the fibre network owner (design §4)',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // a public route needs no key: `security: []` on its operation (openapi.ts reads it)
    transform: ({ schema, url, route }) => ({
      url,
      schema: (route.config as { public?: boolean } | undefined)?.public
        ? ({ ...schema, security: [] } as typeof schema)
        : schema,
    }),
    transformObject: (o) =>
      finishDocument((o as { openapiObject: Record<string, any> }).openapiObject, {
        serverUrl: opts.serverUrl ?? 'http://127.0.0.1:8080',
      }),
  });

  const verifier = ctx.services.keys;
  const limits = ctx.limits;
  const limiter =
    limits && limits.rateLimit > 0 ? new KeyRateLimiter(limits.rateLimit, limits.rateWindowMs) : undefined;
  const intake = limits?.intake ?? DEFAULT_INTAKE_GATE;
  const gate = intake.concurrency > 0 ? new IntakeGate(intake) : undefined;
  if (gate) ctx.metrics.intakeState = () => gate.snapshot();
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config?.public) return;
    if (!req.routeOptions.url) return; // no such route: the 404 handler answers
    const header = bearer(req.headers.authorization);
    const token = req.routeOptions.config?.keyInQueryOrCookie ? streamTokenOf(req.query) : undefined;
    const p =
      header !== undefined || token === undefined
        ? await verifier.verify(
            header ??
              (req.routeOptions.config?.keyInQueryOrCookie ? keyFromCookie(req.headers.cookie) : undefined),
          )
        : await verifier.verifyStreamToken(token);
    if (!p) throw new DomainError('UNAUTHENTICATED', 'missing or invalid API key');
    req.principal = p;
    if (limiter) {
      const v = limiter.take(p.keyId);
      void reply.headers(limiter.headers(v));
      if (!v.ok)
        throw new DomainError(
          'RATE_LIMITED',
          `more than ${v.limit} requests in the window for this key`,
          undefined,
          {
            retryAfterSeconds: v.resetS,
          },
        );
    }
    if (gate && req.routeOptions.config?.fairIntake) {
      // before the body is read: a queued order costs a parked promise, not parsing (intake-gate.ts)
      const slot = gate.acquire(p.role === 'sp' ? p.spId : `operator:${p.keyId}`);
      if (!slot)
        throw new DomainError('RATE_LIMITED', 'too many orders of this SP waiting for intake', undefined, {
          retryAfterSeconds: 1,
        });
      const release = await slot;
      if (req.raw.destroyed || reply.raw.destroyed) {
        // the client went while its order waited: nobody would learn the outcome, so it is not carried out
        release();
        throw new DomainError('RATE_LIMITED', 'the connection closed while the order waited for intake');
      }
      // 'close' follows the response and a dropped connection alike: the slot is always returned
      reply.raw.once('close', release);
    }
  });
  // issue 17 §2: one check that input is clean (no NUL, no control characters, int4 integers)
  app.addHook('preHandler', rejectUncleanInput);
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    ctx.metrics.httpDuration.observe(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  // revocation reaches every instance's cache and open streams within a poll (api-keys.ts)
  app.addHook('onReady', async () => {
    await verifier.watchRevocations(ctx.limits?.revocationPollMs ?? 1_000, (e) =>
      app.log.error({ err: e }, 'revocation poll failed'),
    );
  });
  app.addHook('onClose', async () => verifier.stopWatching());
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFoundOrWrongMethod(routeMethods));

  for (const { name, plugin } of ROUTES) {
    await app.register(async (scope) => plugin(scope as ApiApp, ctx), { name: `routes/${name}` } as never);
  }
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  return app;
}
