/**
 * Every reason code of design §4 that the order, subscriber and report routes can give is reachable
 * through the API (issue 3). DISPUTE_WINDOW_CLOSED and NOTHING_TO_RESTORE belong to /v1/disputes
 * (port unblocking) and are tested there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';

let t: TestController;
beforeAll(async () => {
  t = await startTestController();
});
afterAll(async () => {
  await t?.close();
});

/** An active access of sp-alpha from the seed (its adapterId). */
const alphaActive = (i = 0) =>
  t.seed.addresses.filter((a) => a.active?.spId === 'sp-alpha')[i].active!.adapterId;

async function expectRejected(body: unknown, code: string, field?: string, key = t.keys.alpha) {
  const before = await t.store.orders.count();
  const r = await t.call('POST', '/v1/orders', { key, body });
  expect(r.status, JSON.stringify(r.body)).toBe(422);
  expect(r.body.error.code).toBe(code);
  if (field) expect(r.body.error.field).toBe(field);
  expect(await t.store.orders.count()).toBe(before);
  return r;
}

describe('reason codes through POST /v1/orders', () => {
  it('INCOMPLETE_ORDER: a missing field, a wrong type, or a body that is not JSON', async () => {
    const { address: _a, ...noAddress } = activationFor(t.seed, 'sp-alpha');
    await expectRejected(noAddress, 'INCOMPLETE_ORDER', 'address');
    await expectRejected(
      { ...activationFor(t.seed, 'sp-alpha'), ownerInstallsHome: 'no' },
      'INCOMPLETE_ORDER',
      'ownerInstallsHome',
    );
    const raw = await t.call('POST', '/v1/orders', { rawBody: '{"form": "BSNA",' });
    expect(raw.status).toBe(400);
    expect(raw.body.error.code).toBe('INCOMPLETE_ORDER');
  });

  it('REQUESTED_DATE_IN_PAST and REQUESTED_DATE_TOO_FAR (spec §3: before receipt, more than 60 days)', async () => {
    await expectRejected(
      activationFor(t.seed, 'sp-alpha', { requestedDate: '2026-03-01' }),
      'REQUESTED_DATE_IN_PAST',
      'requestedDate',
    );
    await expectRejected(
      activationFor(t.seed, 'sp-alpha', { requestedDate: '2026-05-02' }),
      'REQUESTED_DATE_TOO_FAR',
      'requestedDate',
    );
  });

  it('ONT_SERIAL_REQUIRED, ONT_SERIAL_NOT_ALLOWED, ONT_SERIAL_NOT_IN_STOCK', async () => {
    const a = activationFor(t.seed, 'sp-alpha');
    await expectRejected({ ...a, ontSerial: undefined }, 'ONT_SERIAL_REQUIRED', 'ontSerial');
    await expectRejected({ ...a, ownerInstallsHome: true }, 'ONT_SERIAL_NOT_ALLOWED', 'ontSerial');
    const betaSerial = t.seed.addresses.find((x) => x.stockOf === 'sp-beta')!.serial;
    await expectRejected({ ...a, ontSerial: betaSerial }, 'ONT_SERIAL_NOT_IN_STOCK', 'ontSerial');
  });

  it('RATE_NOT_IN_CATALOGUE, MANAGEMENT_ONLY, RATE_NOT_SUPPORTED_BY_OLT', async () => {
    const a = activationFor(t.seed, 'sp-alpha');
    await expectRejected(
      { ...a, services: { internet: '150/150' } },
      'RATE_NOT_IN_CATALOGUE',
      'services.internet',
    );
    await expectRejected({ ...a, services: { management: true } }, 'MANAGEMENT_ONLY');
    await expectRejected(
      { ...a, services: { internet: '2000/1000' } },
      'RATE_NOT_SUPPORTED_BY_OLT',
      'services.internet',
    );
  });

  it('ADDRESS_NOT_COVERED and PORT_BLOCKED (a forced order is accepted)', async () => {
    const a = activationFor(t.seed, 'sp-alpha');
    await expectRejected(
      { ...a, address: { street: 'Nepostojeća', number: '1', city: 'Zagreb', county: 'Grad Zagreb' } },
      'ADDRESS_NOT_COVERED',
      'address',
    );
    const taken = t.seed.addresses.find((x) => x.active && x.active.spId === 'sp-beta')!;
    const onTaken = { ...a, address: taken.address, ownerInstallsHome: true, ontSerial: undefined };
    await expectRejected(onTaken, 'PORT_BLOCKED', 'forced');
    const forced = await t.call('POST', '/v1/orders', { body: { ...onTaken, forced: true } });
    expect(forced.status).toBe(202);
  });

  it("ADAPTER_ID_UNKNOWN: no such access, or another SP's", async () => {
    await expectRejected(
      { form: 'BSNA', category: 'speed-change', adapterId: 'A-99999999', services: { internet: '500/250' } },
      'ADAPTER_ID_UNKNOWN',
      'adapterId',
    );
    const beta = t.seed.addresses.find((x) => x.active?.spId === 'sp-beta')!.active!.adapterId;
    await expectRejected(
      { form: 'BSNA', category: 'speed-change', adapterId: beta, services: { internet: '500/250' } },
      'ADAPTER_ID_UNKNOWN',
      'adapterId',
    );
  });

  it('EARLIER_ORDER_PENDING: the earlier-received order on an AdapterID wins', async () => {
    const adapterId = alphaActive(0);
    const first = await t.call('POST', '/v1/orders', {
      body: { form: 'BSNA', category: 'speed-change', adapterId, services: { internet: '500/250' } },
    });
    expect(first.status).toBe(202);
    expect(first.body.adapterId).toBe(adapterId);
    const r = await expectRejected(
      { form: 'BSND', category: 'permanent', adapterId },
      'EARLIER_ORDER_PENDING',
      'adapterId',
    );
    expect(r.body.error.message).toContain(first.body.id);
  });

  it('INVALID_STATE: SL reactivation of an access that is not in temporary disconnection', async () => {
    await expectRejected(
      { form: 'BSNA', category: 'sl-reactivation', adapterId: alphaActive(1) },
      'INVALID_STATE',
      'adapterId',
    );
  });

  it('TEMPORARY_DISCONNECTION_ALREADY_USED: once per calendar year', async () => {
    const adapterId = alphaActive(2);
    await t.store.accesses.update(adapterId, { slStarts: ['2026-01-12'] }, new Date().toISOString());
    await expectRejected(
      { form: 'BSND', category: 'temporary-3m', adapterId },
      'TEMPORARY_DISCONNECTION_ALREADY_USED',
    );
    // an access that has not used it this year may (the rule is per access)
    const gammaAccess = t.seed.addresses.find((x) => x.active?.spId === 'sp-gamma')!.active!.adapterId;
    const other = await t.call('POST', '/v1/orders', {
      key: t.keys.gamma,
      body: { form: 'BSND', category: 'temporary-6m', adapterId: gammaAccess },
    });
    expect(other.status).toBe(202);
  });

  it('NOT_CANCELLABLE: a deactivation order, or an order already cancelled', async () => {
    const adapterId = alphaActive(3);
    const d = await t.call('POST', '/v1/orders', {
      body: { form: 'BSND', category: 'permanent', adapterId },
    });
    expect(d.status).toBe(202);
    const c = await t.call('POST', `/v1/orders/${d.body.id}/cancel`);
    expect(c.status).toBe(409);
    expect(c.body.error.code).toBe('NOT_CANCELLABLE');
  });

  it('FORBIDDEN, UNAUTHENTICATED, NOT_FOUND, IDEMPOTENCY_KEY_REUSED', async () => {
    expect((await t.call('POST', '/v1/orders', { key: t.keys.operator, body: {} })).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect((await t.call('POST', '/v1/orders', { key: null, body: {} })).body.error.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await t.call('GET', '/v1/orders/ord_nope')).body.error.code).toBe('NOT_FOUND');
    expect((await t.call('GET', '/v1/subscribers/A-99999999')).body.error.code).toBe('NOT_FOUND');
    const body = activationFor(t.seed, 'sp-alpha', { index: 3 });
    expect((await t.call('POST', '/v1/orders', { body, headers: { 'idempotency-key': 'k1' } })).status).toBe(
      202,
    );
    const reused = await t.call('POST', '/v1/orders', {
      body: { ...body, requestedDate: '2026-03-20' },
      headers: { 'idempotency-key': 'k1' },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
