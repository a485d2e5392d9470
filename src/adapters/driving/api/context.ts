/** What every route plugin receives: the application's services (routes call services, never the store). */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from '../../../application/ports/clock.ts';
import type { ApplicationServices } from '../../../application/services.ts';
import type { Principal } from '../../../application/access/principal.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { ApiMetrics } from './metrics.ts';
import type { IntakeGateLimits } from './intake-gate.ts';

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Per-key limits of the API (config.api; defaults when absent). */
export interface ApiLimits {
  rateLimit: number;
  rateWindowMs: number;
  maxStreamsPerKey: number;
  revocationPollMs: number;
  /** fair intake per SP (intake-gate.ts); absent: the defaults there; concurrency 0: off */
  intake?: IntakeGateLimits;
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  rateLimit: 6000,
  rateWindowMs: 60_000,
  maxStreamsPerKey: 10,
  revocationPollMs: 1_000,
};

export interface ApiContext {
  services: ApplicationServices;
  clock: Clock;
  metrics: ApiMetrics;
  limits?: ApiLimits;
  /** The background workers and whether each runs now (GET /readyz, issue 14 item 6). */
  workers?: () => { name: string; running: boolean }[];
}

/**
 * A routes module: `routes/<concept>.ts` whose default export is a RoutePlugin, listed in
 * routes/index.ts.
 */
export type RoutePlugin = (app: ApiApp, ctx: ApiContext) => Promise<void>;
export const defineRoutes = (fn: RoutePlugin): RoutePlugin => fn;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** No API key needed (health, metrics, the OpenAPI document, the dashboard's static files). */
    public?: boolean;
    /**
     * Also accept a short-lived stream token as `?token=` or the key as the `ponctl_key` cookie
     * (GET /v1/events only: a browser's EventSource cannot set an Authorization header).
     */
    keyInQueryOrCookie?: boolean;
    /** The body is an order (POST /v1/orders): a body that is not JSON is the contract's INCOMPLETE_ORDER. */
    orderBody?: boolean;
    /** An SP's write (order intake and withdrawal, verification, dispute, webhooks): admitted through the per-SP fair gate (intake-gate.ts). */
    fairIntake?: boolean;
  }
}

/** The authenticated caller (every non-public route has one; the auth hook ran first). */
export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new DomainError('UNAUTHENTICATED', 'missing or invalid API key');
  return req.principal;
}
