/**
 * The API's one error handler (adapters/driving/api/errors.ts) is the only place an HTTP status is
 * chosen: each typed error crossing into the API keeps its stable code and gets its status here.
 * Through fastify.inject: no socket.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleError, MethodNotAllowed } from '../../src/adapters/driving/api/errors.ts';
import { CliCommandError } from '../../src/adapters/driven/olt/zxa10-cli/zxa10-session.ts';
import { OmciResultError } from '../../src/adapters/driven/telemetry/omci/omci-errors.ts';
import { ConnectTimeoutError } from '../../src/application/ports/olt-driver/errors.ts';
import { OltLockTimeoutError } from '../../src/application/ports/olt-locks.ts';
import { UniqueViolation } from '../../src/application/ports/store/index.ts';
import { PortVerifyError } from '../../src/application/unblocking/port-configurator.ts';
import { DomainError, OrderRejection } from '../../src/domain/errors.ts';

const THROWN: Record<string, () => Error> = {
  'domain-not-found': () => new DomainError('NOT_FOUND', 'order x not found'),
  'domain-default': () => new DomainError('PORT_BLOCKED', 'the port is taken', 'address'),
  'domain-month': () => new DomainError('INVALID_MONTH', 'month must be YYYY-MM', 'month'),
  'order-rejection': () => new OrderRejection('NOT_FOUND', 'no such address in coverage', 'address'),
  'olt-busy': () => new OltLockTimeoutError('olt-1', 60_000),
  'cli-error': () =>
    new CliCommandError('olt-2', 'onu 1 type X sn Y', {
      line: '%Error 20203: Incomplete command.',
      code: 20203,
    }),
  'omci-result': () => new OmciResultError('get ANI-G', 6, { device: 'olt-1' }),
  'connect-timeout': () => new ConnectTimeoutError(1000, 'olt-1: no session', { device: 'olt-1' }),
  'port-verify': () => new PortVerifyError({ olt: 'olt-1', pon: '1/1/1', onuId: 3 }, 2),
  unique: () => new UniqueViolation('duplicate key'),
  invalid: () => new DomainError('INVALID_REQUEST', 'cursor is not one this list returned', 'cursor'),
  limited: () => new DomainError('RATE_LIMITED', 'slow down', undefined, { retryAfterSeconds: 7 }),
  unauthenticated: () => new DomainError('UNAUTHENTICATED', 'missing or invalid API key'),
  'wrong-method': () => new MethodNotAllowed('DELETE', '/v1/orders', ['GET', 'HEAD', 'POST']),
  plain: () => new Error('something broke inside'),
};

const app = Fastify({ logger: false });
beforeAll(async () => {
  app.setErrorHandler(handleError);
  app.get<{ Params: { kind: string } }>('/throw/:kind', async (req) => {
    throw THROWN[req.params.kind]();
  });
  await app.ready();
});
afterAll(() => app.close());

async function answer(kind: string) {
  const r = await app.inject({ method: 'GET', url: `/throw/${kind}` });
  return {
    status: r.statusCode,
    ...(r.json() as { error: { code: string; field?: string; message: string } }),
  };
}

describe('API error handler: stable codes, status chosen only here', () => {
  it('maps domain rejections by reason code (422 unless the code means otherwise)', async () => {
    expect(await answer('domain-not-found')).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
    expect(await answer('domain-default')).toMatchObject({
      status: 422,
      error: { code: 'PORT_BLOCKED', field: 'address' },
    });
    expect(await answer('domain-month')).toMatchObject({ status: 400, error: { code: 'INVALID_MONTH' } });
  });

  it('answers an order the contract rejects with 422 whatever its code (design §4)', async () => {
    expect(await answer('order-rejection')).toMatchObject({
      status: 422,
      error: { code: 'NOT_FOUND', field: 'address' },
    });
  });

  it('answers device errors with 502 and their own codes (CLI and OMCI are not rpc-error)', async () => {
    expect(await answer('cli-error')).toMatchObject({ status: 502, error: { code: 'DEVICE_CLI_ERROR' } });
    expect(await answer('omci-result')).toMatchObject({ status: 502, error: { code: 'DEVICE_OMCI_RESULT' } });
    expect(await answer('connect-timeout')).toMatchObject({
      status: 502,
      error: { code: 'DEVICE_CONNECT_TIMEOUT' },
    });
    expect(await answer('port-verify')).toMatchObject({ status: 502, error: { code: 'DEVICE_VERIFY' } });
  });

  it('answers a write lock held elsewhere with 503 OLT_BUSY and a race on a key with 409', async () => {
    const busy = await app.inject({ method: 'GET', url: '/throw/olt-busy' });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('5');
    expect(busy.json().error.code).toBe('OLT_BUSY');
    expect(await answer('unique')).toMatchObject({ status: 409, error: { code: 'CONFLICT' } });
  });

  it('answers malformed requests 400, too many 429 with Retry-After, no key 401, wrong method 405 with Allow', async () => {
    expect(await answer('invalid')).toMatchObject({
      status: 400,
      error: { code: 'INVALID_REQUEST', field: 'cursor' },
    });
    const limited = await app.inject({ method: 'GET', url: '/throw/limited' });
    expect([limited.statusCode, limited.headers['retry-after'], limited.json().error.code]).toEqual([
      429,
      '7',
      'RATE_LIMITED',
    ]);
    const anon = await app.inject({ method: 'GET', url: '/throw/unauthenticated' });
    expect([anon.statusCode, anon.headers['www-authenticate']]).toEqual([401, 'Bearer']);
    const wrong = await app.inject({ method: 'GET', url: '/throw/wrong-method' });
    expect([wrong.statusCode, wrong.headers.allow, wrong.json().error.code]).toEqual([
      405,
      'GET, HEAD, POST',
      'METHOD_NOT_ALLOWED',
    ]);
  });

  it('keeps anything else a 500 without its details', async () => {
    const r = await answer('plain');
    expect(r).toMatchObject({ status: 500, error: { code: 'INTERNAL', message: 'internal error' } });
    expect(JSON.stringify(r)).not.toContain('something broke');
  });
});
