/**
 * The driver's `show` readers on the recorded public replies (test/fixtures/zxa10/): unconfigured
 * ONUs (both families, and the empty-list notice), ONU states in all three recorded layouts,
 * detail-info, optical tables and the identity group.
 */
import { describe, expect, it } from 'vitest';
import { readDeviceProfileFile } from '../../src/protocols/device-profile-files.ts';
import { dialectFromProfile } from '../../src/adapters/driven/olt/zxa10-cli/zxa10-dialect.ts';
import {
  readAttenuation,
  readOnuDetail,
  readOnuRx,
  readOnuStates,
  readSystemGroup,
  readUncfg,
} from '../../src/adapters/driven/olt/zxa10-cli/show-readers.ts';
import { cleanLine, saysNoInformation } from '../../src/adapters/driven/olt/zxa10-cli/replies.ts';
import { fixtureBody } from '../helpers/zxa10-fixtures.ts';

const c300 = dialectFromProfile(readDeviceProfileFile('zxa10-c300') as never);
const c600 = dialectFromProfile(readDeviceProfileFile('zxa10-c600') as never);
const lines = (rel: string, d = c300) =>
  fixtureBody(rel)
    .split('\n')
    .map((l) => cleanLine(l, d));

describe('unconfigured ONUs', () => {
  it('C320: `show gpon onu uncfg` with the OLT-proposed id as a hint (c300/show-gpon-onu-uncfg-c320.txt)', () => {
    expect(readUncfg(c300, c300.reads.uncfg, lines('c300/show-gpon-onu-uncfg-c320.txt'))).toEqual([
      { pon: '1/2/2', serial: 'ZTEGCD7D2FD6', onuIdHint: 1 },
    ]);
  });

  it('C600: `show pon onu uncfg` with the model column, under either port spelling (c600/show-pon-onu-uncfg-c600.txt)', () => {
    expect(readUncfg(c600, c600.reads.uncfg, lines('c600/show-pon-onu-uncfg-c600.txt', c600))).toEqual([
      { pon: '1/1/9', serial: 'ITBSCF8F197E', model: 'R1v2' },
      { pon: '1/1/9', serial: 'HWTC36D05643', model: 'HG8010H' },
      { pon: '1/1/1', serial: 'TPLGB1A15691', model: 'XZ000-G3' },
    ]);
  });

  it('an empty list is the notice, not an error (errors/c300-code-32310-no-related-information.txt)', () => {
    const reply = lines('errors/c300-code-32310-no-related-information.txt');
    expect(saysNoInformation(c300, reply.slice(0, 3))).toBe(true);
    // the second capture of the same file lists one ONU of another vendor
    expect(readUncfg(c300, c300.reads.uncfg, reply.slice(3))).toEqual([
      { pon: '1/1/2', serial: 'HWTC12930F9D', onuIdHint: 1 },
    ]);
  });
});

describe('ONU states', () => {
  it('C300 V2 layout through the pager erase bytes (c300/show-gpon-onu-state-c300-paging.txt)', () => {
    const rows = readOnuStates(c300, c300.reads.state, lines('c300/show-gpon-onu-state-c300-paging.txt'));
    expect(rows.map((r) => `${r.pon}:${r.onuId} ${r.phase}`)).toEqual([
      '1/2/1:1 working',
      '1/2/1:2 working',
      '1/2/3:6 working',
      '1/2/3:7 los',
      '1/2/4:9 dyingGasp',
    ]);
    expect(rows[3]).toMatchObject({ admin: 'enable', omcc: 'disable' });
  });

  it('the footer is not a row, OffLine is offline (c300/show-gpon-onu-state-onu-number-footer.txt)', () => {
    const rows = readOnuStates(
      c300,
      c300.reads.state,
      lines('c300/show-gpon-onu-state-onu-number-footer.txt'),
    );
    expect(rows.map((r) => `${r.onuId} ${r.phase}`)).toEqual([
      '1 working',
      '4 offline',
      '9 offline',
      '21 working',
    ]);
  });

  it('the older O7 layout with gpon-onu_ indices (c300/show-gpon-onu-state-o7-column.txt)', () => {
    const rows = readOnuStates(c300, c300.reads.state, lines('c300/show-gpon-onu-state-o7-column.txt'));
    expect(rows).toHaveLength(12);
    expect(rows[2]).toEqual({ pon: '1/1/1', onuId: 3, admin: 'enable', omcc: 'disable', phase: 'los' });
    expect(rows[6].phase).toBe('dyingGasp');
  });

  it('C600 layout with syncMib (c600/banner-and-show-gpon-onu-state-c600.txt, …-miracema.txt)', () => {
    const a = readOnuStates(
      c600,
      c600.reads.state,
      lines('c600/banner-and-show-gpon-onu-state-c600.txt', c600),
    );
    expect(a.map((r) => r.phase)).toEqual(['working', 'syncMib']);
    const b = readOnuStates(
      c600,
      c600.reads.state,
      lines('c600/show-gpon-onu-state-c600-miracema.txt', c600),
    );
    expect(b.map((r) => `${r.onuId} ${r.phase}`)).toEqual([
      '1 working',
      '2 working',
      '12 dyingGasp',
      '26 dyingGasp',
      '32 los',
      '37 working',
    ]);
  });
});

describe('detail-info, optics, identity', () => {
  it('detail-info keys and history (c300/show-gpon-onu-detail-info-c3xx.txt, c600/…-dyinggasp.txt)', () => {
    const a = readOnuDetail(lines('c300/show-gpon-onu-detail-info-c3xx.txt'));
    expect(a.fields).toMatchObject({ Type: 'F609', 'Phase state': 'working', 'ONU Distance': '3703m' });
    expect(a.history).toEqual([{ authpass: '2022-09-05 14:04:42' }]);
    const b = readOnuDetail(lines('c600/show-gpon-onu-detail-info-c600-dyinggasp.txt', c600));
    expect(b.fields['Serial number']).toBe('HWTC190A7EB8');
    expect(b.fields['Vport mode']).toBe('manual');
    expect(b.history[1]).toEqual({
      authpass: '2026-07-22 07:38:06',
      offline: '2026-07-22 08:28:43',
      cause: 'DyingGasp',
    });
  });

  it('attenuation rows and per-PON ONU RX with N/A (c300/show-pon-power-*.txt)', () => {
    expect(readAttenuation(lines('c300/show-pon-power-attenuation-c320-v2.1.0.txt'))).toEqual({
      oltRxDbm: -27.785,
      onuTxDbm: 3.097,
      upDb: 30.882,
      oltTxDbm: 6.949,
      onuRxDbm: -24.814,
      downDb: 31.763,
    });
    const rx = readOnuRx(c300, lines('c300/show-pon-power-onu-rx-onu-tx-c3xx.txt').slice(0, 16));
    expect(rx.get(1)).toBe(-16.676);
    expect(rx.get(3)).toBeNull();
    expect(rx.size).toBe(12);
  });

  it('`show system-group` gives the sysObjectID (c300/session-login-system-group-c320-v2.1.0.txt)', () => {
    const id = readSystemGroup(lines('c300/session-login-system-group-c320-v2.1.0.txt'));
    expect(id.sysObjectID).toBe('1.3.6.1.4.1.3902.1082.1001.320.2.1');
    expect(id.name).toBe('OLT-C320-ARENJAYA');
  });
});
