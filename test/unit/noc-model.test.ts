/**
 * The NOC dashboard's browser-side model (src/adapters/driving/web/public/model.js): filters, ordering,
 * counts per OLT and PON, out-of-order updates, durations. Plain JS without a DOM, so Node runs it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../src/domain/monitoring/alarms.ts';
import type { Incident } from '../../src/domain/monitoring/incidents.ts';

interface Model {
  alarms: Map<string, Alarm>;
  incidents: Map<string, Incident>;
  filters: Record<string, string | boolean>;
  clockOffsetMs: number;
}
interface ModelModule {
  createModel(): Model;
  upsertAlarm(m: Model, a: Alarm): void;
  upsertIncident(m: Model, i: Incident): void;
  visibleAlarms(m: Model): Alarm[];
  visibleIncidents(m: Model): Incident[];
  countsByPlace(m: Model): {
    olt: string;
    pon?: string;
    incidents: number;
    critical: number;
    major: number;
    minor: number;
    warning: number;
  }[];
  totals(m: Model): Record<string, number>;
  filterChoices(m: Model): { olt: string[]; cause: string[]; type: string[] };
  formatDuration(ms: number): string;
  foldedRows(m: Model): { kind: string; id: string; children?: Alarm[]; alarm?: Alarm }[];
}

let M: ModelModule;
// a variable specifier: the module is browser JS without type declarations
const MODEL_URL = new URL('../../src/adapters/driving/web/public/model.js', import.meta.url).href;
beforeAll(async () => {
  M = (await import(MODEL_URL)) as ModelModule;
});

const T = '2026-03-02T08:00:00.000Z';
function alarm(id: string, over: Partial<Alarm> = {}): Alarm {
  return {
    id,
    resource: `olt-1/1/1/1:${id}`,
    type: 'ont-los',
    qualifier: '',
    severity: 'major',
    isCleared: false,
    text: 'LOS',
    raisedAt: T,
    lastChangedAt: T,
    operatorState: 'none',
    history: [],
    olt: 'olt-1',
    pon: '1/1/1',
    ...over,
  };
}
function incident(id: string, over: Partial<Incident> = {}): Incident {
  return {
    id,
    cause: 'pon-fibre-cut',
    olt: 'olt-1',
    pon: '1/1/1',
    start: T,
    status: 'open',
    affected: [],
    countsForSla: true,
    summary: '',
    ...over,
  };
}

describe('NOC model', () => {
  it('folds an incident’s outage alarms under one row; other alarms stay rows of their own', () => {
    const m = M.createModel();
    const affected = [1, 2, 3].map((n) => ({ olt: 'olt-1', pon: '1/1/1', onuId: n }));
    M.upsertIncident(m, incident('i1', { affected: affected as never }));
    for (const n of [1, 2, 3]) M.upsertAlarm(m, alarm(`los${n}`, { onuId: n }));
    M.upsertAlarm(m, alarm('pon', { type: 'pon-los', severity: 'critical', resource: 'olt-1/1/1/1' }));
    // not explained by the incident: another PON's LOS, a low-RX warning on an affected ONT, another OLT
    M.upsertAlarm(m, alarm('other', { pon: '1/1/2', onuId: 1 }));
    M.upsertAlarm(m, alarm('low', { type: 'ont-low-rx', severity: 'warning', onuId: 1 }));
    M.upsertAlarm(m, alarm('olt2', { olt: 'olt-2', onuId: 1 }));
    const rows = M.foldedRows(m);
    expect(rows[0].id).toBe('i:i1');
    expect(
      rows
        .slice(1)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['a:low', 'a:olt2', 'a:other']);
    expect(rows[0].children!.map((a) => a.id).sort()).toEqual(['los1', 'los2', 'los3', 'pon']);
  });

  it('filters alarms by minimum severity, OLT, type; hides cleared and shelved unless asked', () => {
    const m = M.createModel();
    M.upsertAlarm(m, alarm('1', { severity: 'critical' }));
    M.upsertAlarm(m, alarm('2', { severity: 'minor', olt: 'olt-2', pon: '1/1/2' }));
    M.upsertAlarm(m, alarm('3', { severity: 'warning', type: 'ont-low-rx' }));
    M.upsertAlarm(m, alarm('4', { isCleared: true }));
    M.upsertAlarm(m, alarm('5', { operatorState: 'shelved' }));
    expect(M.visibleAlarms(m).map((a) => a.id)).toEqual(['1', '2', '3']); // by severity
    m.filters.severity = 'minor';
    expect(M.visibleAlarms(m).map((a) => a.id)).toEqual(['1', '2']);
    m.filters = { ...m.filters, severity: '', olt: 'olt-2' };
    expect(M.visibleAlarms(m).map((a) => a.id)).toEqual(['2']);
    m.filters = { ...m.filters, olt: '', type: 'ont-low-rx' };
    expect(M.visibleAlarms(m).map((a) => a.id)).toEqual(['3']);
    m.filters = { ...m.filters, type: '', cleared: true };
    expect(
      M.visibleAlarms(m)
        .map((a) => a.id)
        .sort(),
    ).toEqual(['1', '2', '3', '4', '5']);
    expect(M.visibleAlarms(m).at(-1)!.id).toBe('4'); // cleared last
  });

  it('an older update (a list load answering late) does not undo a newer event; an ack does replace', () => {
    const m = M.createModel();
    M.upsertAlarm(m, alarm('1', { isCleared: true, lastChangedAt: '2026-03-02T08:05:00.000Z' }));
    M.upsertAlarm(m, alarm('1', { lastChangedAt: '2026-03-02T08:01:00.000Z' }));
    expect(m.alarms.get('1')!.isCleared).toBe(true);
    M.upsertAlarm(
      m,
      alarm('1', {
        isCleared: true,
        lastChangedAt: '2026-03-02T08:05:00.000Z',
        operatorState: 'ack',
        operatorAt: '2026-03-02T08:06:00.000Z',
      }),
    );
    expect(m.alarms.get('1')!.operatorState).toBe('ack');
    M.upsertIncident(m, incident('i', { status: 'resolved', end: '2026-03-02T08:09:00.000Z' }));
    M.upsertIncident(m, incident('i'));
    expect(m.incidents.get('i')!.status).toBe('resolved');
  });

  it('counts raised alarms per severity and open incidents per OLT and PON, whatever the filters', () => {
    const m = M.createModel();
    M.upsertAlarm(m, alarm('1', { severity: 'critical' }));
    M.upsertAlarm(m, alarm('2'));
    M.upsertAlarm(m, alarm('3', { pon: '1/1/2' }));
    M.upsertAlarm(m, alarm('4', { isCleared: true }));
    M.upsertAlarm(
      m,
      alarm('5', { olt: 'olt-10', pon: undefined, type: 'olt-unreachable', severity: 'critical' }),
    );
    M.upsertIncident(m, incident('a'));
    M.upsertIncident(m, incident('b', { status: 'resolved' }));
    m.filters.olt = 'olt-10';
    expect(M.countsByPlace(m).map((r) => [r.olt, r.pon ?? '', r.incidents, r.critical, r.major])).toEqual([
      ['olt-1', '', 1, 1, 2],
      ['olt-1', '1/1/1', 1, 1, 1],
      ['olt-1', '1/1/2', 0, 0, 1],
      ['olt-10', '', 0, 1, 0],
    ]);
    expect(M.totals(m)).toMatchObject({ incidents: 1, critical: 2, major: 2 });
    expect(M.filterChoices(m)).toEqual({
      olt: ['olt-1', 'olt-10'],
      cause: ['pon-fibre-cut'],
      type: ['olt-unreachable', 'ont-los'],
    });
  });

  it('shows open incidents first, the largest first; cause and OLT filters', () => {
    const m = M.createModel();
    const aff = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ olt: 'olt-1', pon: '1/1/1', onuId: i + 1 }));
    M.upsertIncident(m, incident('small', { affected: aff(1), cause: 'drop-fibre' }));
    M.upsertIncident(m, incident('big', { affected: aff(16) }));
    M.upsertIncident(m, incident('gone', { status: 'resolved', affected: aff(30) }));
    expect(M.visibleIncidents(m).map((i) => i.id)).toEqual(['big', 'small']);
    m.filters.cleared = true;
    expect(M.visibleIncidents(m).map((i) => i.id)).toEqual(['big', 'small', 'gone']);
    m.filters.cause = 'drop-fibre';
    expect(M.visibleIncidents(m).map((i) => i.id)).toEqual(['small']);
  });

  it('formats durations compactly for a wall screen', () => {
    expect(
      [0, 999, 61_000, 3_599_000, 3_600_000 + 5 * 60_000, 26 * 3_600_000, -5].map(M.formatDuration),
    ).toEqual(['0:00', '0:00', '1:01', '59:59', '1 h 05', '1 d 2 h', '0:00']);
  });
});
