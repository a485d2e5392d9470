/** The domain diff (domain/olt-config/diff.ts): lists keyed by id compare as sets; the scope bounds it. */
import { describe, expect, it } from 'vitest';
import { diffOltConfig, unappliedChanges } from '../../src/domain/olt-config/diff.ts';
import type { OltConfig, VAni } from '../../src/domain/olt-config/model.ts';

const onu = (onuId: number, o: Partial<VAni> = {}): VAni => ({
  onuId,
  onuType: 'ZXHN-F601',
  expectedSerial: `ZTEG0000000${onuId}`,
  description: `A-${onuId}`,
  tconts: [
    { id: 1, trafficProfile: 'U1' },
    { id: 2, trafficProfile: 'U2' },
  ],
  gemports: [
    { id: 1, tcont: 1 },
    { id: 2, tcont: 2 },
  ],
  vlans: [],
  ...o,
});
const cfg = (...onus: [string, VAni][]): OltConfig => ({
  trafficProfiles: [],
  channelTerminations: [...new Set(onus.map(([p]) => p))].map((name) => ({
    name,
    onus: onus.filter(([p]) => p === name).map(([, o]) => o),
  })),
});

describe('diffOltConfig', () => {
  it('finds no change where only the order of T-CONTs or GEM ports differs, and one where a member differs', () => {
    const a = cfg(['1/1/1', onu(1)]);
    const reordered = cfg([
      '1/1/1',
      onu(1, { tconts: [...onu(1).tconts].reverse(), gemports: [...onu(1).gemports].reverse() }),
    ]);
    expect(diffOltConfig(a, reordered).changes).toEqual([]);
    const other = cfg([
      '1/1/1',
      onu(1, {
        tconts: [
          { id: 2, trafficProfile: 'U2' },
          { id: 1, trafficProfile: 'U9' },
        ],
      }),
    ]);
    expect(diffOltConfig(a, other).changes.map((c) => [c.kind, c.op, 'fields' in c && c.fields])).toEqual([
      ['onu', 'update', ['tconts']],
    ]);
  });

  it('touches only ONUs of the scope (positions, or whole ports)', () => {
    const actual = cfg(['1/1/1', onu(1)], ['1/1/1', onu(2)], ['1/1/2', onu(3)]);
    const desired = cfg(['1/1/1', onu(4)]);
    const keys = (s: Parameters<typeof diffOltConfig>[2]) =>
      diffOltConfig(actual, desired, s).changes.map((c) =>
        'port' in c ? `${c.op} ${c.port}:${c.onuId}` : '',
      );
    expect(
      keys({
        onus: [
          { port: '1/1/1', onuId: 2 },
          { port: '1/1/1', onuId: 4 },
        ],
      }),
    ).toEqual(['delete 1/1/1:2', 'create 1/1/1:4']);
    expect(keys({ ports: ['1/1/2'] })).toEqual(['delete 1/1/2:3']);
    expect(keys(undefined)).toEqual(['delete 1/1/1:1', 'delete 1/1/1:2', 'delete 1/1/2:3', 'create 1/1/1:4']);
  });

  it('unappliedChanges: a read-back listing the same T-CONTs in another order is applied', () => {
    const desired = cfg(['1/1/1', onu(1)]);
    const diff = diffOltConfig(cfg(), desired);
    const readBack = cfg(['1/1/1', onu(1, { tconts: [...onu(1).tconts].reverse() })]);
    expect(unappliedChanges(readBack, diff)).toEqual([]);
    expect(unappliedChanges(cfg(['1/1/1', onu(1, { tconts: [] })]), diff)).toEqual([
      'onu 1/1/1:1: expected present as planned',
    ]);
  });
});
