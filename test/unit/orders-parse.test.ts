// spec §3 "Incomplete or malformed orders are rejected"; "Rates must be in the catalogue (section 2);
// management only together with another channel"; design §4 body and reason codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/domain/errors.ts';
import { parseOrder } from '../../src/domain/orders/index.ts';
import { activationBody } from './orders-fixtures.ts';

const withPatch = (patch: (b: Record<string, unknown>) => void) => {
  const b = activationBody();
  patch(b);
  return b;
};

describe('parseOrder: the design §4 activation body', () => {
  it('parses into an ActivationOrder', () => {
    const v = parseOrder(activationBody());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.value).toMatchObject({
      form: 'BSNA',
      category: 'activation',
      ontSerial: 'ZTEG1A2B3C4D',
      accessLevel: 'regional',
    });
    expect(v.value.form === 'BSNA' && v.value.category === 'activation' && v.value.services).toEqual({
      internet: '300/150',
      iptv: 50,
      voip: '1/1',
      management: true,
    });
  });
});

describe('parseOrder rejections (table)', () => {
  it.each([
    ['not an object', [], 'INCOMPLETE_ORDER', undefined],
    [
      'unknown form',
      withPatch((b) => {
        b.form = 'XYZ';
      }),
      'INCOMPLETE_ORDER',
      'form',
    ],
    [
      'category of another form',
      withPatch((b) => {
        b.category = 'permanent';
      }),
      'INCOMPLETE_ORDER',
      'category',
    ],
    [
      'missing street',
      withPatch((b) => {
        delete (b.address as Record<string, unknown>).street;
      }),
      'INCOMPLETE_ORDER',
      'address.street',
    ],
    [
      'empty city',
      withPatch((b) => {
        (b.address as Record<string, unknown>).city = '  ';
      }),
      'INCOMPLETE_ORDER',
      'address.city',
    ],
    [
      'missing contact phone',
      withPatch((b) => {
        b.contact = { name: 'x' };
      }),
      'INCOMPLETE_ORDER',
      'contact.phone',
    ],
    [
      'ownerInstallsHome not boolean',
      withPatch((b) => {
        b.ownerInstallsHome = 'no';
      }),
      'INCOMPLETE_ORDER',
      'ownerInstallsHome',
    ],
    [
      'malformed serial',
      withPatch((b) => {
        b.ontSerial = 'ZTE-123';
      }),
      'INCOMPLETE_ORDER',
      'ontSerial',
    ],
    [
      'bad access level',
      withPatch((b) => {
        b.accessLevel = 'global';
      }),
      'INCOMPLETE_ORDER',
      'accessLevel',
    ],
    [
      'requestedDate not a date',
      withPatch((b) => {
        b.requestedDate = '2026-02-30';
      }),
      'INCOMPLETE_ORDER',
      'requestedDate',
    ],
    [
      'requestedDate wrong format',
      withPatch((b) => {
        b.requestedDate = '10.03.2026';
      }),
      'INCOMPLETE_ORDER',
      'requestedDate',
    ],
    // spec §2 Table 4 is the catalogue
    [
      'internet 400/200',
      withPatch((b) => {
        b.services = { internet: '400/200' };
      }),
      'RATE_NOT_IN_CATALOGUE',
      'services.internet',
    ],
    [
      'iptv 20',
      withPatch((b) => {
        b.services = { internet: '100/100', iptv: 20 };
      }),
      'RATE_NOT_IN_CATALOGUE',
      'services.iptv',
    ],
    [
      'voip 3/3',
      withPatch((b) => {
        b.services = { voip: '3/3' };
      }),
      'RATE_NOT_IN_CATALOGUE',
      'services.voip',
    ],
    [
      'unknown channel',
      withPatch((b) => {
        b.services = { internet: '100/100', tv: 1 };
      }),
      'INCOMPLETE_ORDER',
      'services.tv',
    ],
    [
      'no channel',
      withPatch((b) => {
        b.services = {};
      }),
      'INCOMPLETE_ORDER',
      'services',
    ],
    // spec §2/§3: management only together with another channel
    [
      'management alone',
      withPatch((b) => {
        b.services = { management: true };
      }),
      'MANAGEMENT_ONLY',
      'services',
    ],
    [
      'sbsn without adapterId',
      { form: 'SBSN', category: 'interruption', description: 'down' },
      'INCOMPLETE_ORDER',
      'adapterId',
    ],
    [
      'sbsn without description',
      { form: 'SBSN', category: 'interruption', adapterId: 'A-00000001' },
      'INCOMPLETE_ORDER',
      'description',
    ],
    [
      'technology-change without technology',
      { form: 'BSNA', category: 'technology-change', adapterId: 'A-1', ownerInstallsHome: true },
      'INCOMPLETE_ORDER',
      'technology',
    ],
    [
      'speed change of management',
      { form: 'BSNA', category: 'speed-change', adapterId: 'A-1', services: { management: true } },
      'RATE_NOT_IN_CATALOGUE',
      'services.management',
    ],
  ])('%s → %s', (_name, body, code, field) => {
    const v = parseOrder(body);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.code).toBe(code);
    expect(v.field).toBe(field);
  });
});

describe('parseOrder: every category parses', () => {
  it.each([
    {
      form: 'BSNA',
      category: 'move',
      adapterId: 'A-00000001',
      address: { street: 'Vukovarska', number: 5, city: 'Split', county: 'Splitsko-dalmatinska' },
      ownerInstallsHome: true,
    },
    { form: 'BSNA', category: 'add-service', adapterId: 'A-00000001', services: { iptv: 100 } },
    { form: 'BSNA', category: 'add-service', adapterId: 'A-00000001', services: { management: true } },
    { form: 'BSNA', category: 'remove-service', adapterId: 'A-00000001', services: { voip: '1/1' } },
    { form: 'BSNA', category: 'speed-change', adapterId: 'A-00000001', services: { internet: '1000/500' } },
    { form: 'BSNA', category: 'sl-reactivation', adapterId: 'A-00000001' },
    {
      form: 'BSNA',
      category: 'technology-change',
      adapterId: 'A-00000001',
      technology: 'xgs-pon',
      ownerInstallsHome: false,
      ontSerial: 'zteg0000abcd',
    },
    { form: 'BSND', category: 'permanent', adapterId: 'A-00000001', requestedDate: '2026-03-20' },
    { form: 'BSND', category: 'temporary-3m', adapterId: 'A-00000001' },
    { form: 'BSND', category: 'temporary-6m', adapterId: 'A-00000001' },
    { form: 'SBSN', category: 'degradation', adapterId: 'A-00000001', description: 'slow' },
    { form: 'SBSN', category: 'interruption', adapterId: 'A-00000001', description: 'down' },
    { form: 'SBSN', category: 'joint-visit', adapterId: 'A-00000001', description: 'twice negative' },
    { form: 'SBSN', category: 'home-installation', adapterId: 'A-00000001', description: 'socket broken' },
    { form: 'SBSN', category: 'ont-replacement', adapterId: 'A-00000001', newOntSerial: 'ZTEGC0FFEE01' },
  ])('$form $category', (body) => {
    const v = parseOrder(body);
    expect(v).toMatchObject({ ok: true, value: { form: body.form, category: body.category } });
  });
  it('serials are normalised to upper case', () => {
    const v = parseOrder({
      form: 'BSNA',
      category: 'technology-change',
      adapterId: 'A-1',
      technology: 'gpon',
      ownerInstallsHome: false,
      ontSerial: 'zteg0000abcd',
    });
    expect(v.ok && 'ontSerial' in v.value && v.value.ontSerial).toBe('ZTEG0000ABCD');
  });
});

describe('parseOrder never throws (property)', () => {
  const known = new Set<string>(REASON_CODES);
  const check = (body: unknown) => {
    const v = parseOrder(body);
    if (!v.ok) expect(known.has(v.code)).toBe(true);
    else expect(['BSNA', 'BSND', 'SBSN']).toContain(v.value.form);
  };
  it('random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 2000 });
  });
  it('the valid body with random fields replaced', () => {
    const keys = Object.keys(activationBody()).concat([
      'address',
      'services',
      'contact',
      '__proto__',
      'constructor',
    ]);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.jsonValue(),
        fc.constantFrom('', 'street', 'internet', 'iptv', 'management', 'name'),
        (k, val, inner) => {
          const b = activationBody();
          const target = b[k];
          if (inner && target && typeof target === 'object') (target as Record<string, unknown>)[inner] = val;
          else b[k] = val;
          check(JSON.parse(JSON.stringify(b)));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('random objects with order-like keys', () => {
    const arb = fc.record(
      {
        form: fc.constantFrom('BSNA', 'BSND', 'SBSN', 'x', 1, null),
        category: fc.constantFrom(
          'activation',
          'move',
          'add-service',
          'permanent',
          'ont-replacement',
          'interruption',
          7,
        ),
        adapterId: fc.oneof(fc.string(), fc.integer()),
        services: fc.dictionary(
          fc.constantFrom('internet', 'iptv', 'voip', 'management', 'x'),
          fc.jsonValue(),
        ),
        address: fc.oneof(
          fc.jsonValue(),
          fc.dictionary(fc.constantFrom('street', 'number', 'city', 'county'), fc.jsonValue()),
        ),
        ownerInstallsHome: fc.oneof(fc.boolean(), fc.jsonValue()),
        requestedDate: fc.oneof(fc.string(), fc.constant('2026-03-10')),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(arb, check), { numRuns: 3000 });
  });
});
