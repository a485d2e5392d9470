/**
 * The monitoring repositories (alarms, incidents, ONT status and optical history) on both store
 * dialects: one suite, run against SQLite and PostgreSQL (design §8).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import {
  raiseAlarm,
  clearAlarm,
  acknowledgeAlarm,
  type Incident,
} from '../../src/domain/monitoring/index.ts';
import { PG_URL, dropSchema, uniqueSchemaName } from '../helpers/pg.ts';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const plus = (ms: number) => new Date(T0.getTime() + ms);

function suite(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`monitoring store: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('alarms: save, re-save by id keeps one row per key, filters, history round-trips', async () => {
      const input = {
        resource: 'olt-1/1/1/1:3',
        type: 'ont-los' as const,
        severity: 'major' as const,
        text: 'LOS',
        olt: 'olt-1',
        pon: '1/1/1',
        onuId: 3,
        adapterId: 'A-3',
      };
      const a = raiseAlarm(undefined, input, T0, () => 'al-1').alarm;
      await store.alarms.save(a);
      const b = raiseAlarm(
        undefined,
        {
          ...input,
          resource: 'olt-1/1/1/1:4',
          type: 'ont-low-rx',
          severity: 'warning',
          onuId: 4,
          adapterId: 'A-4',
        },
        plus(1000),
        () => 'al-2',
      ).alarm;
      await store.alarms.save(b);
      const cleared = clearAlarm(a, plus(2000)).alarm;
      await store.alarms.save(acknowledgeAlarm(cleared, 'noc', plus(3000), 'seen'));
      const got = await store.alarms.get('al-1');
      expect(got?.isCleared).toBe(true);
      expect(got?.operatorState).toBe('ack');
      expect(got?.history.map((h) => h.severity)).toEqual(['major', 'cleared']);
      expect((await store.alarms.byKey('olt-1/1/1/1:3|ont-los|'))?.id).toBe('al-1');
      expect((await store.alarms.list()).map((x) => x.id)).toEqual(['al-1', 'al-2']);
      expect((await store.alarms.list({ severity: 'warning' })).map((x) => x.id)).toEqual(['al-2']);
      expect((await store.alarms.list({ cleared: false })).map((x) => x.id)).toEqual(['al-2']);
      expect((await store.alarms.list({ from: plus(1500).toISOString() })).map((x) => x.id)).toEqual([
        'al-1',
      ]);
      expect((await store.alarms.list({ adapterId: 'A-4' })).map((x) => x.onuId)).toEqual([4]);
    });

    it('incidents: overlap query by from/to and status', async () => {
      const inc = (id: string, start: number, end?: number): Incident => ({
        id,
        cause: 'pon-fibre-cut',
        olt: 'olt-1',
        pon: '1/1/1',
        start: plus(start).toISOString(),
        end: end === undefined ? undefined : plus(end).toISOString(),
        status: end === undefined ? 'open' : 'resolved',
        affected: [{ olt: 'olt-1', pon: '1/1/1', onuId: 1, adapterId: 'A-1' }],
        countsForSla: true,
        summary: 's',
      });
      await store.incidents.save(inc('i1', 0, 10_000), T0.toISOString());
      await store.incidents.save(inc('i2', 20_000), T0.toISOString());
      await store.incidents.save(inc('i3', 40_000, 50_000), T0.toISOString());
      expect((await store.incidents.list({ status: 'open' })).map((i) => i.id)).toEqual(['i2']);
      expect(
        (
          await store.incidents.list({ from: plus(15_000).toISOString(), to: plus(45_000).toISOString() })
        ).map((i) => i.id),
      ).toEqual(['i3', 'i2']);
      const got = await store.incidents.get('i1');
      expect(got?.affected[0].adapterId).toBe('A-1');
      expect(got?.countsForSla).toBe(true);
    });

    it('ONT status upserts keep serial/adapterId; optical history in time order with a limit', async () => {
      await store.onts.saveStatus([
        {
          olt: 'o',
          pon: '1/1/1',
          onuId: 1,
          state: 'working',
          rxDbm: -20.5,
          serial: 'ZTEG00000001',
          adapterId: 'A-1',
          updatedAt: T0.toISOString(),
        },
      ]);
      await store.onts.saveStatus([
        { olt: 'o', pon: '1/1/1', onuId: 1, state: 'los', updatedAt: plus(1).toISOString() },
      ]);
      const s = await store.onts.status('o', '1/1/1', 1);
      expect(s).toMatchObject({ state: 'los', serial: 'ZTEG00000001', adapterId: 'A-1' });
      expect(s?.rxDbm).toBeUndefined();
      expect((await store.onts.statusByAdapterId('A-1'))?.onuId).toBe(1);
      const samples = Array.from({ length: 700 }, (_, i) => ({
        olt: 'o',
        pon: '1/1/1',
        onuId: 1,
        at: plus(i * 1000).toISOString(),
        rxDbm: Math.round((-20 - i / 100) * 100) / 100,
        source: 'snmp' as const,
      }));
      await store.onts.appendOptics(samples);
      await store.onts.appendOptics(samples.slice(0, 5)); // duplicates ignored
      const h = await store.onts.optics('o', '1/1/1', 1, { limit: 3 });
      expect(h.map((x) => x.rxDbm)).toEqual([-26.97, -26.98, -26.99]);
      expect(await store.onts.pruneOptics(plus(100_000).toISOString())).toBe(100);
    });
  });
}

suite('SQLite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-mon-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'ponctl.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

suite('PostgreSQL', async () => {
  const schema = uniqueSchemaName('mon');
  const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});
