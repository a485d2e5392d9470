// spec §3 validation rules with facts; issue 3 "What must be shown" first bullet.
import { describe, expect, it } from 'vitest';
import {
  parseOrder,
  validateOrder,
  type AccessFacts,
  type OrderContext,
  type OrderInput,
} from '../../src/domain/orders/index.ts';
import { activationBody } from './orders-fixtures.ts';

const SP = 'sp1';
const RECEIVED = new Date('2026-03-05T10:00:00+01:00'); // Thursday

const order = (body: Record<string, unknown>): OrderInput => {
  const v = parseOrder(body);
  if (!v.ok) throw new Error(`fixture does not parse: ${v.code} ${v.field}`);
  return v.value;
};
const access = (patch: Partial<AccessFacts> = {}): AccessFacts => ({
  adapterId: 'A-00000001',
  spId: SP,
  state: 'active',
  technology: 'gpon',
  services: { internet: '300/150', iptv: 50 },
  temporaryDisconnections: [],
  ...patch,
});
const ctx = (patch: Partial<OrderContext> = {}): OrderContext => ({
  receivedAt: RECEIVED,
  spId: SP,
  ontStock: ['ZTEG1A2B3C4D', 'ZTEGC0FFEE01'],
  target: undefined,
  pendingOrders: [],
  address: { covered: true, blockedBy: [] },
  olt: { supportsMultiGig: true },
  ont: { model: 'XGS-ONT', uniMaxMbps: 10_000 },
  ...patch,
});
const act = (patch: Record<string, unknown> = {}) => order({ ...activationBody(), ...patch });
const onAccess = (body: Record<string, unknown>) => order({ adapterId: 'A-00000001', ...body });

type Case = [name: string, o: OrderInput, c: OrderContext, code: string | null, field?: string];

const cases: Case[] = [
  ['valid activation', act(), ctx(), null],
  // spec §3: "Requested date in the past (before the day the order was sent) … → reject"
  [
    'requested date the day before receipt',
    act({ requestedDate: '2026-03-04' }),
    ctx(),
    'REQUESTED_DATE_IN_PAST',
    'requestedDate',
  ],
  ['requested date = day of receipt is fine', act({ requestedDate: '2026-03-05' }), ctx(), null],
  [
    'receipt day is the Zagreb day (00:30 CET)',
    act({ requestedDate: '2026-03-05' }),
    ctx({ receivedAt: new Date('2026-03-04T23:30:00Z') }),
    null,
  ],
  // spec §3: "… or more than 60 days after receipt → reject"
  ['requested date 60 days ahead is fine', act({ requestedDate: '2026-05-04' }), ctx(), null],
  [
    'requested date 61 days ahead',
    act({ requestedDate: '2026-05-05' }),
    ctx(),
    'REQUESTED_DATE_TOO_FAR',
    'requestedDate',
  ],
  [
    'BSND too far',
    onAccess({ form: 'BSND', category: 'permanent', requestedDate: '2026-06-01' }),
    ctx({ target: access() }),
    'REQUESTED_DATE_TOO_FAR',
  ],
  // spec §3: owner installs home = yes → order must not carry a serial; = no → must carry one
  [
    'owner installs home + serial',
    act({ ownerInstallsHome: true }),
    ctx(),
    'ONT_SERIAL_NOT_ALLOWED',
    'ontSerial',
  ],
  ['owner installs home, no serial', act({ ownerInstallsHome: true, ontSerial: undefined }), ctx(), null],
  ['SP installs, no serial', act({ ontSerial: undefined }), ctx(), 'ONT_SERIAL_REQUIRED', 'ontSerial'],
  // spec §3/§7: the serial must be one the SP drew from the owner's stock, allowed for activation
  [
    'serial not drawn by this SP',
    act({ ontSerial: 'ZTEG99999999' }),
    ctx(),
    'ONT_SERIAL_NOT_IN_STOCK',
    'ontSerial',
  ],
  [
    'serial in stock, lower case in order',
    act({ ontSerial: 'zteg1a2b3c4d' }),
    ctx({ ontStock: new Set(['ZTEG1A2B3C4D']) }),
    null,
  ],
  [
    'ONT replacement with a serial not in stock',
    onAccess({ form: 'SBSN', category: 'ont-replacement', newOntSerial: 'ZTEG99999999' }),
    ctx({ target: access() }),
    'ONT_SERIAL_NOT_IN_STOCK',
    'newOntSerial',
  ],
  [
    'ONT replacement without a serial',
    onAccess({ form: 'SBSN', category: 'ont-replacement' }),
    ctx({ target: access() }),
    'ONT_SERIAL_REQUIRED',
    'newOntSerial',
  ],
  // spec §2 footnote: 2000/1000 only on migrated OLTs; not on a 1 GE ONT
  [
    '2000/1000 on an OLT that cannot carry it',
    act({ services: { internet: '2000/1000' } }),
    ctx({ olt: { supportsMultiGig: false } }),
    'RATE_NOT_SUPPORTED_BY_OLT',
    'services.internet',
  ],
  [
    '2000/1000 on an F601 (1 GE)',
    act({ services: { internet: '2000/1000' } }),
    ctx({ ont: { model: 'ZXHN F601', uniMaxMbps: 1000 } }),
    'RATE_NOT_SUPPORTED_BY_OLT',
    'services.internet',
  ],
  ['2000/1000 on a migrated OLT + 10G ONT', act({ services: { internet: '2000/1000' } }), ctx(), null],
  [
    'speed change to 2000/1000 on an old OLT',
    onAccess({ form: 'BSNA', category: 'speed-change', services: { internet: '2000/1000' } }),
    ctx({ target: access(), olt: { supportsMultiGig: false } }),
    'RATE_NOT_SUPPORTED_BY_OLT',
  ],
  // design §4: another SP's resource is as good as absent
  [
    'unknown AdapterID',
    onAccess({ form: 'BSNA', category: 'speed-change', services: { internet: '500/250' } }),
    ctx(),
    'ADAPTER_ID_UNKNOWN',
    'adapterId',
  ],
  [
    "another SP's AdapterID",
    onAccess({ form: 'BSNA', category: 'speed-change', services: { internet: '500/250' } }),
    ctx({ target: access({ spId: 'sp2' }) }),
    'ADAPTER_ID_UNKNOWN',
    'adapterId',
  ],
  [
    "another SP's AdapterID with a pending order still says unknown",
    onAccess({ form: 'BSND', category: 'permanent' }),
    ctx({
      target: access({ spId: 'sp2' }),
      pendingOrders: [
        { id: 'o1', form: 'BSNA', category: 'speed-change', receivedAt: new Date('2026-03-01T08:00:00Z') },
      ],
    }),
    'ADAPTER_ID_UNKNOWN',
  ],
  // spec §3 priority rule: the earlier-received order on an AdapterID wins
  [
    'second order while the first is pending',
    onAccess({ form: 'BSNA', category: 'speed-change', services: { internet: '500/250' } }),
    ctx({
      target: access(),
      pendingOrders: [
        {
          id: 'o1',
          form: 'BSNA',
          category: 'speed-change',
          receivedAt: new Date('2026-03-05T09:00:00+01:00'),
        },
      ],
    }),
    'EARLIER_ORDER_PENDING',
    'adapterId',
  ],
  [
    'a pending fault ticket does not block a service order',
    onAccess({ form: 'BSNA', category: 'speed-change', services: { internet: '500/250' } }),
    ctx({
      target: access(),
      pendingOrders: [
        {
          id: 'f1',
          form: 'SBSN',
          category: 'degradation',
          receivedAt: new Date('2026-03-05T09:00:00+01:00'),
        },
      ],
    }),
    null,
  ],
  [
    're-validating the pending order itself',
    onAccess({ form: 'BSNA', category: 'speed-change', services: { internet: '500/250' } }),
    ctx({
      orderId: 'o1',
      target: access(),
      pendingOrders: [{ id: 'o1', form: 'BSNA', category: 'speed-change', receivedAt: RECEIVED }],
    }),
    null,
  ],
  // spec §3 priority rule on fault tickets (docs/fairness.md): only an open ticket of the same category blocks
  [
    'a second open degradation ticket on the access',
    onAccess({ form: 'SBSN', category: 'degradation', description: 'slow' }),
    ctx({
      target: access(),
      pendingOrders: [
        {
          id: 'f2',
          form: 'SBSN',
          category: 'degradation',
          receivedAt: new Date('2026-03-05T09:30:00+01:00'),
        },
        {
          id: 'f1',
          form: 'SBSN',
          category: 'degradation',
          receivedAt: new Date('2026-03-05T09:00:00+01:00'),
        },
      ],
    }),
    'FAULT_ALREADY_OPEN',
    'category',
  ],
  [
    'an interruption while a degradation ticket is open (a different fault)',
    onAccess({ form: 'SBSN', category: 'interruption', description: 'no sync' }),
    ctx({
      target: access(),
      pendingOrders: [
        {
          id: 'f1',
          form: 'SBSN',
          category: 'degradation',
          receivedAt: new Date('2026-03-05T09:00:00+01:00'),
        },
      ],
    }),
    null,
  ],
  [
    'a fault ticket while a service order is pending',
    onAccess({ form: 'SBSN', category: 'degradation', description: 'slow' }),
    ctx({
      target: access(),
      pendingOrders: [
        {
          id: 'o1',
          form: 'BSNA',
          category: 'speed-change',
          receivedAt: new Date('2026-03-05T09:00:00+01:00'),
        },
      ],
    }),
    null,
  ],
  [
    're-validating the open fault ticket itself',
    onAccess({ form: 'SBSN', category: 'degradation', description: 'slow' }),
    ctx({
      orderId: 'f1',
      target: access(),
      pendingOrders: [{ id: 'f1', form: 'SBSN', category: 'degradation', receivedAt: RECEIVED }],
    }),
    null,
  ],
  [
    "a same-category ticket on another SP's access is still unknown",
    onAccess({ form: 'SBSN', category: 'degradation', description: 'slow' }),
    ctx({
      target: access({ spId: 'sp2' }),
      pendingOrders: [
        {
          id: 'f1',
          form: 'SBSN',
          category: 'degradation',
          receivedAt: new Date('2026-03-05T09:00:00+01:00'),
        },
      ],
    }),
    'ADAPTER_ID_UNKNOWN',
  ],
  // spec §3: once per calendar year per access
  [
    'second temporary disconnection in one calendar year',
    onAccess({ form: 'BSND', category: 'temporary-3m' }),
    ctx({ target: access({ temporaryDisconnections: ['2026-01-10'] }) }),
    'TEMPORARY_DISCONNECTION_ALREADY_USED',
  ],
  [
    'temporary disconnection, last one the previous year',
    onAccess({ form: 'BSND', category: 'temporary-6m' }),
    ctx({ target: access({ temporaryDisconnections: ['2025-11-10'] }) }),
    null,
  ],
  [
    'SL starting next year (Dec receipt, Jan start) counts in the new year',
    onAccess({ form: 'BSND', category: 'temporary-3m', requestedDate: '2027-01-05' }),
    ctx({
      receivedAt: new Date('2026-12-20T10:00:00+01:00'),
      target: access({ temporaryDisconnections: ['2026-02-01'] }),
    }),
    null,
  ],
  // spec §3: an order on an AdapterID in SL is treated as on an active one
  [
    'speed change on a line in SL',
    onAccess({ form: 'BSNA', category: 'speed-change', services: { internet: '500/250' } }),
    ctx({ target: access({ state: 'temporarily-disconnected' }) }),
    null,
  ],
  [
    'permanent deactivation of a line in SL',
    onAccess({ form: 'BSND', category: 'permanent' }),
    ctx({ target: access({ state: 'temporarily-disconnected' }) }),
    null,
  ],
  [
    'SL reactivation of an active line',
    onAccess({ form: 'BSNA', category: 'sl-reactivation' }),
    ctx({ target: access() }),
    'INVALID_STATE',
    'adapterId',
  ],
  [
    'SL reactivation of a line in SL',
    onAccess({ form: 'BSNA', category: 'sl-reactivation' }),
    ctx({ target: access({ state: 'temporarily-disconnected' }) }),
    null,
  ],
  [
    'order on a deactivated access',
    onAccess({ form: 'BSNA', category: 'add-service', services: { voip: '1/1' } }),
    ctx({ target: access({ state: 'deactivated' }) }),
    'INVALID_STATE',
  ],
  // resulting services (spec §2): management never alone, never empty
  [
    'removing every data channel leaves management alone',
    onAccess({ form: 'BSNA', category: 'remove-service', services: { internet: '300/150', iptv: 50 } }),
    ctx({ target: access({ services: { internet: '300/150', iptv: 50, management: true } }) }),
    'MANAGEMENT_ONLY',
  ],
  [
    'adding management to an access with internet',
    onAccess({ form: 'BSNA', category: 'add-service', services: { management: true } }),
    ctx({ target: access() }),
    null,
  ],
  [
    'adding a channel already present',
    onAccess({ form: 'BSNA', category: 'add-service', services: { iptv: 100 } }),
    ctx({ target: access() }),
    'INVALID_STATE',
    'services.iptv',
  ],
  // coverage and port (spec §8, port-unblocking.md)
  [
    'address not covered',
    act(),
    ctx({ address: { covered: false, blockedBy: [] } }),
    'ADDRESS_NOT_COVERED',
    'address',
  ],
  [
    'port with another active service',
    act(),
    ctx({ address: { covered: true, blockedBy: [{ spId: 'sp2', service: 'bsn' }] } }),
    'PORT_BLOCKED',
    'forced',
  ],
  [
    'port with another active service, forced',
    act({ forced: true }),
    ctx({ address: { covered: true, blockedBy: [{ spId: 'sp2', service: 'nn' }] } }),
    null,
  ],
];

describe('validateOrder (spec §3)', () => {
  it.each(cases)('%s', (_name, o, c, code, field) => {
    const v = validateOrder(o, c);
    if (code === null) {
      expect(v).toMatchObject({ ok: true });
    } else {
      expect(v).toMatchObject({ ok: false, code });
      if (field !== undefined && !v.ok) expect(v.field).toBe(field);
    }
  });

  it('states the services the access will have', () => {
    const v = validateOrder(
      onAccess({ form: 'BSNA', category: 'speed-change', services: { internet: '1000/500' } }),
      ctx({ target: access() }),
    );
    expect(v.ok && v.value.servicesAfter).toEqual({ internet: '1000/500', iptv: 50 });
    expect(v.ok && v.value.receivedOn).toBe('2026-03-05');
  });
});

describe('evaluateOrder (parse + validate + schedule)', () => {
  it('accepts with planned date, deadline and a new AdapterID', async () => {
    const { evaluateOrder } = await import('../../src/domain/orders/index.ts');
    const v = evaluateOrder(
      { ...activationBody(), requestedDate: undefined },
      ctx({ receivedAt: new Date('2026-05-29T10:00:00+02:00') }),
      { installation: 'existing' },
    );
    expect(v).toMatchObject({
      ok: true,
      value: { adapterId: 'new', schedule: { plannedDate: '2026-06-08', deadline: '2026-06-08' } },
    });
  });
  it('returns the first rejection', async () => {
    const { evaluateOrder } = await import('../../src/domain/orders/index.ts');
    expect(evaluateOrder({ ...activationBody(), services: { management: true } }, ctx())).toMatchObject({
      ok: false,
      code: 'MANAGEMENT_ONLY',
    });
    expect(evaluateOrder({ ...activationBody(), ontSerial: 'ZTEG99999999' }, ctx())).toMatchObject({
      ok: false,
      code: 'ONT_SERIAL_NOT_IN_STOCK',
    });
  });
});
