/**
 * What HTTP itself owes a caller, whatever the route (issue 14 §7, issue 17 §2 and item 10):
 * - `X-Request-Id`: the caller's id is kept (visible ASCII, ≤ 128 characters) or one is generated;
 *   it is echoed on every response and is the `requestId` of every log line of the request;
 * - a path that exists with another method is 405 `METHOD_NOT_ALLOWED` with `Allow` (RFC 9110
 *   §15.5.6), not 404;
 * - the errors fastify and Node answer before a route runs — a malformed URL (400), a path
 *   parameter over the length limit (414), a request line or headers Node cannot parse (400, 431),
 *   a request that times out (408) — use the API's envelope `{ error: { code, message } }` too.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { DomainError } from '../../../domain/errors.ts';
import { clientErrorAnswer, handleError, MethodNotAllowed } from './errors.ts';

const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** fastify `genReqId`: the caller's `X-Request-Id` when it is a sane token, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const h = req.headers['x-request-id'];
  const v = Array.isArray(h) ? h[0] : h;
  return v && REQUEST_ID.test(v) ? v : randomUUID();
}

/**
 * The route patterns and their methods, to tell "no such path" (404) from "not with this method"
 * (405). Filled by an `onRoute` hook; matched segment by segment (`:param` matches one segment).
 */
export class RouteMethods {
  private readonly routes = new Map<string, { parts: string[]; methods: Set<string> }>();

  add(route: RouteOptions): void {
    const url = route.url;
    const entry = this.routes.get(url) ?? { parts: url.split('/'), methods: new Set<string>() };
    for (const m of [route.method].flat()) entry.methods.add(m.toUpperCase());
    if (entry.methods.has('GET')) entry.methods.add('HEAD');
    this.routes.set(url, entry);
  }

  /** The methods a concrete path allows (empty when no route has that path). */
  allowed(path: string): string[] {
    const parts = path.split('/');
    const out = new Set<string>();
    for (const r of this.routes.values()) {
      if (r.parts.length !== parts.length) continue;
      if (r.parts.every((p, i) => p.startsWith(':') || p === '*' || p === parts[i]))
        for (const m of r.methods) out.add(m);
    }
    return [...out].sort();
  }
}

/**
 * fastify `setNotFoundHandler`: "wrong method" when the path exists with other methods, else "no
 * such route" — thrown, so that the error handler (errors.ts) answers both.
 */
export function notFoundOrWrongMethod(routes: RouteMethods) {
  return async (req: FastifyRequest): Promise<never> => {
    const path = req.url.split('?')[0];
    const allow = routes.allowed(path);
    if (allow.length) throw new MethodNotAllowed(req.method, path, allow);
    throw new DomainError('NOT_FOUND', `no route ${req.method} ${path}`);
  };
}

/** fastify `frameworkErrors`: a URL it cannot decode or a path parameter too long — to the error handler. */
export function frameworkErrors(err: Error, req: FastifyRequest, reply: FastifyReply): void {
  handleError(err, req, reply);
}

/**
 * fastify `clientErrorHandler`: Node could not parse the request (bad request line, a header with
 * a control character, headers too large) or it timed out. Written on the socket as Node would,
 * with the envelope and a request id.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body: envelope } = clientErrorAnswer(err);
  const body = JSON.stringify(envelope);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
