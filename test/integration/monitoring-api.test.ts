/**
 * Monitoring over HTTP (design §4, issue 6): a controller with the monitoring service on a lab OLT,
 * driven through its REST API — alarms with filters, acknowledge, shelve, incidents by time, an
 * ONT's optical history, the NOC summary, operator-only access, Prometheus metrics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { authoriseZxa10Onts } from '../helpers/lab.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { loadConfig } from '../../src/main/config.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import { createApiKey } from '../../src/application/access/api-keys.ts';
import { createController, type Controller } from '../../src/main/controller.ts';

import { EventLog, adapterIdOf, seededStore, OPERATOR } from '../helpers/monitoring.ts';
import { targetsFromInventory } from '../../src/main/lab.ts';
import { runPonctl } from '../helpers/ponctl-cli.ts';

let lab: Lab;
let inv: LabInventory;
let store: Store;
let cleanupStore: () => Promise<void>;
let controller: Controller;
let url: string;
let dataDir: string;
let operatorKey: string;
let spKey: string;
let log: EventLog;

async function call(
  method: string,
  p: string,
  key: string | null,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + p, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

beforeAll(async () => {
  lab = await Lab.start({ olts: 1, pons: 2, onts: 4, profiles: ['zxa10-c300'] });
  authoriseZxa10Onts(lab); // in service: every ONU configured, so the ZXA10's tables have its row
  inv = lab.inventory();
  ({ store, cleanup: cleanupStore } = await seededStore(inv));
  dataDir = mkdtempSync(path.join(tmpdir(), 'ponctl-monapi-'));
  const config = loadConfig(
    { PONCTL_DATA_DIR: dataDir, PONCTL_LISTEN: '127.0.0.1:0', PONCTL_LAB: '0' },
    dataDir,
  );
  const at = new Date();
  operatorKey = (await createApiKey(store, { role: 'operator', name: 'noc', at })).key;
  spKey = (await createApiKey(store, { role: 'sp', spId: 'sp1', name: 'sp', at })).key;
  controller = await createController({
    config,
    store,
    monitoring: {
      targets: targetsFromInventory(inv.olts, { timeoutMs: 400 }),
      pollMs: 300,
      tickMs: 50,
      correlation: { windowMs: 500 },
    },
  });
  log = new EventLog(controller.services.monitoring.events);
  url = await controller.listen();
  lab.addTrapReceiver({
    host: '127.0.0.1',
    port: controller.services.monitoring.trapSource!.port,
    version: 'v2c',
    community: 'public',
  });
  await log.waitFor(() => controller.services.monitoring.summary(OPERATOR)[0]?.onts === 8, 10_000);
}, 30_000);

afterAll(async () => {
  await controller?.close();
  await lab?.close();
  await cleanupStore?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('monitoring API', () => {
  it('operator only: an SP key gets 404, no key 401', async () => {
    expect((await call('GET', '/v1/alarms', spKey)).status).toBe(404);
    expect((await call('GET', '/v1/incidents', spKey)).status).toBe(404);
    expect((await call('GET', '/v1/alarms', null)).status).toBe(401);
  });

  it('a drop cut shows as alarm and incident; ack and shelve change the operator state; filters work', async () => {
    const olt = inv.olts[0].name;
    const m = log.mark();
    lab.fault({ kind: 'drop-cut', olt, pon: '1/1/2', ont: 3 });
    await log.waitFor((e) => e.type === 'incident' && e.action === 'opened', 5000, m);
    const alarms = await call(
      'GET',
      `/v1/alarms?olt=${olt}&pon=1/1/2&cleared=false&type=ont-los`,
      operatorKey,
    );
    expect(alarms.status).toBe(200);
    expect(alarms.body.alarms).toHaveLength(1);
    const a = alarms.body.alarms[0];
    expect(a).toMatchObject({
      resource: `${olt}/1/1/2:3`,
      severity: 'major',
      isCleared: false,
      operatorState: 'none',
      adapterId: adapterIdOf(olt, '1/1/2', 3),
    });
    expect((await call('GET', '/v1/alarms?severity=critical&type=ont-los', operatorKey)).body.alarms).toEqual(
      [],
    );
    expect((await call('GET', '/v1/alarms?severity=bogus', operatorKey)).status).toBe(400);

    const ack = await call('POST', `/v1/alarms/${a.id}/ack`, operatorKey, { text: 'crew dispatched' });
    expect(ack.status).toBe(200);
    expect(ack.body.alarm).toMatchObject({ id: a.id, operatorState: 'ack', operatorText: 'crew dispatched' });
    expect((await store.alarms.get(a.id))?.operatorState).toBe('ack');
    expect((await call('POST', '/v1/alarms/nope/ack', operatorKey, {})).status).toBe(404);

    const until = new Date(Date.now() + 60_000).toISOString();
    const sh = await call('POST', `/v1/alarms/${a.id}/shelve`, operatorKey, { until });
    expect(sh.body.alarm).toMatchObject({ operatorState: 'shelved', shelvedUntil: until });
    const visible = await call('GET', `/v1/alarms?visible=true&olt=${olt}&type=ont-los`, operatorKey);
    expect(visible.body.alarms.map((x: { id: string }) => x.id)).not.toContain(a.id);
    expect(
      (await call('POST', `/v1/alarms/${a.id}/shelve`, operatorKey, { until: '2000-01-01T00:00:00Z' }))
        .status,
    ).toBe(409);

    const incidents = await call('GET', '/v1/incidents?status=open', operatorKey);
    expect(incidents.body.incidents.map((i: { cause: string }) => i.cause)).toEqual(['drop-fibre']);
    const inc = incidents.body.incidents[0];
    expect(inc.affected[0].adapterId).toBe(adapterIdOf(olt, '1/1/2', 3));
    expect((await call('GET', `/v1/incidents/${inc.id}`, operatorKey)).body.id).toBe(inc.id);
    expect((await call('GET', `/v1/incidents?to=2000-01-01T00:00:00Z`, operatorKey)).body.incidents).toEqual(
      [],
    );

    const summary = await call('GET', '/v1/monitoring/summary', operatorKey);
    expect(summary.body.olts[0]).toMatchObject({ olt, onts: 8, down: 1, openIncidents: 1, snmp: true });
    expect(summary.body.olts[0].pons.find((p: { pon: string }) => p.pon === '1/1/2')).toMatchObject({
      down: 1,
    });

    lab.fault({ kind: 'drop-cut', olt, pon: '1/1/2', ont: 3, clear: true });
    await log.waitFor((e) => e.type === 'incident' && e.action === 'resolved', 5000, m);
    expect((await call('GET', '/v1/incidents?status=resolved', operatorKey)).body.incidents[0]).toMatchObject(
      { id: inc.id, status: 'resolved' },
    );
  });

  it('GET /v1/onts/:olt/:pon/:onu: state, thresholds, optical history (PON URL-encoded or dashed)', async () => {
    const olt = inv.olts[0].name;
    const r = await call('GET', `/v1/onts/${olt}/${encodeURIComponent('1/1/1')}/2`, operatorKey);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      olt,
      pon: '1/1/1',
      onuId: 2,
      state: 'working',
      adapterId: adapterIdOf(olt, '1/1/1', 2),
      thresholds: { rxWarningDbm: -27, rxCriticalDbm: -28 },
    });
    expect(r.body.history.length).toBeGreaterThan(0);
    expect(r.body.history[0].rxDbm).toBeCloseTo(r.body.rxDbm, 1);
    expect((await call('GET', `/v1/onts/${olt}/1-1-1/2`, operatorKey)).body.onuId).toBe(2);
    expect((await call('GET', `/v1/onts/${olt}/1-1-1/99`, operatorKey)).status).toBe(404);
  });

  it('Prometheus metrics: polls, poll duration, traps, open alarms per severity', async () => {
    const res = await fetch(`${url}/metrics`);
    const text = await res.text();
    expect(text).toMatch(
      new RegExp(
        `ponctl_monitoring_polls_total\\{olt="${inv.olts[0].name}",protocol="snmp-v2c",outcome="ok"\\} [1-9]`,
      ),
    );
    expect(text).toMatch(/ponctl_monitoring_poll_duration_seconds_count\{[^}]*\} [1-9]/);
    expect(text).toMatch(/ponctl_monitoring_traps_received_total\{version="v2c",outcome="accepted"\} [1-9]/);
    expect(text).toMatch(/ponctl_monitoring_open_alarms\{severity="critical"\} \d+/);
  });
});

describe('NOC ONT directory (issue 15 items 1-4)', () => {
  it('GET /v1/onts finds an ONT by serial, AdapterID, address and position; an SP key only its own', async () => {
    const olt = inv.olts[0];
    const t = olt.pons[1].onts[2];
    const adapterId = adapterIdOf(olt.name, olt.pons[1].port, t.id);
    const find = async (q: string, key = operatorKey) => {
      const r = await call('GET', `/v1/onts?q=${encodeURIComponent(q)}`, key);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.onts as { olt: string; pon: string; onuId: number; matched: string; sp?: string }[];
    };
    const here = { olt: olt.name, pon: olt.pons[1].port, onuId: t.id };
    expect(await find(t.serial)).toEqual([expect.objectContaining({ ...here, matched: 'serial' })]);
    expect(await find(adapterId)).toEqual([expect.objectContaining({ ...here, matched: 'adapterId' })]);
    expect(await find(`Ilica ${adapterId.toLowerCase()}`)).toEqual([
      expect.objectContaining({ ...here, matched: 'address' }),
    ]);
    expect(await find(`${olt.name} ${olt.pons[1].port}:${t.id}`)).toEqual([
      expect.objectContaining({ ...here, matched: 'position' }),
    ]);
    expect(await find('no-such-thing')).toEqual([]);
    // by SP, paginated: 8 ONTs of sp1, 3 a page, cursors to the end
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
      const r = await call('GET', `/v1/onts?q=sp1&limit=3${cursor ? `&cursor=${cursor}` : ''}`, operatorKey);
      seen.push(...r.body.onts.map((o: { pon: string; onuId: number }) => `${o.pon}:${o.onuId}`));
      if (!r.body.next) break;
      cursor = r.body.next;
    }
    expect(new Set(seen).size).toBe(8);
    // another SP's key sees none of sp1's ONTs, whatever it types
    await store.sps.upsert({ id: 'sp2', name: 'SP Two', createdAt: new Date().toISOString() });
    const other = (await createApiKey(store, { role: 'sp', spId: 'sp2', name: 'sp2', at: new Date() })).key;
    expect(await find(t.serial, other)).toEqual([]);
    expect((await call('GET', '/v1/onts', other)).body.onts).toEqual([]);
    expect((await find(t.serial, spKey))[0]).toMatchObject({ ...here, sp: 'sp1' });
  });

  it('the ONT view carries the access: SP, address, services with VLAN and rates', async () => {
    const olt = inv.olts[0];
    const r = await call(
      'GET',
      `/v1/onts/${olt.name}/${olt.pons[0].port.replace(/\//g, '-')}/1`,
      operatorKey,
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'working', stale: false, lastKnownState: 'working' });
    expect(r.body.access).toMatchObject({ sp: 'sp1', spName: 'SP One', state: 'active' });
    expect(r.body.access.address).toMatch(/^Ilica /);
    expect(r.body.access.services).toEqual([
      { channel: 'internet', vlan: expect.any(Number), downMbps: 300, upMbps: 150 },
    ]);
    expect(Array.isArray(r.body.orders) && Array.isArray(r.body.incidents)).toBe(true);
  });

  it('olt-down: its ONTs become unknown with last-seen and stale values in the ONT view and summary', async () => {
    const olt = inv.olts[0];
    const p = `/v1/onts/${olt.name}/${olt.pons[0].port.replace(/\//g, '-')}/2`;
    const before = (await call('GET', p, operatorKey)).body;
    const m = log.mark();
    lab.fault({ kind: 'olt-down', olt: olt.name });
    try {
      await log.waitFor((e) => e.type === 'alarm' && e.alarm.type === 'olt-unreachable', 5000, m);
      const d = (await call('GET', p, operatorKey)).body;
      expect(d).toMatchObject({ state: 'unknown', stale: true, lastKnownState: before.state });
      expect(d.rxDbm).toBe(before.rxDbm);
      expect(Date.parse(d.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(before.lastSeenAt));
      const sum = (await call('GET', '/v1/monitoring/summary', operatorKey)).body.olts[0];
      expect(sum).toMatchObject({ reachable: false, onts: 8, online: 0, unknown: 8 });
      const rows = (await call('GET', `/v1/onts?olt=${olt.name}`, operatorKey)).body.onts;
      expect(rows.every((o: { state: string; stale: boolean }) => o.state === 'unknown' && o.stale)).toBe(
        true,
      );
    } finally {
      lab.fault({ kind: 'olt-down', olt: olt.name, clear: true });
    }
    await log.waitFor(
      (e) => e.type === 'alarm' && e.alarm.type === 'olt-unreachable' && e.alarm.isCleared,
      8000,
      m,
    );
    const back = (await call('GET', '/v1/monitoring/summary', operatorKey)).body.olts[0];
    expect(back).toMatchObject({ reachable: true, unknown: 0 });
  });
});

// Each `ponctl` run is a node process compiling TypeScript with tsx (seconds each on a loaded 2-core
// machine), and the second test starts eight of them: a budget for that, not for the controller.
describe('ponctl alarms (child process against the controller)', { timeout: 180_000 }, () => {
  it('--json lists raised alarms; ack acknowledges one', async () => {
    const olt = inv.olts[0].name;
    const m = log.mark();
    lab.fault({ kind: 'dying-gasp', olt, pon: '1/1/1', ont: 4 });
    await log.waitFor((e) => e.type === 'alarm' && e.alarm.type === 'ont-dying-gasp', 5000, m);
    const bin = new URL('../../bin/ponctl', import.meta.url).pathname;
    const env = { ...process.env, PONCTL_URL: url, PONCTL_KEY: operatorKey };
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        import('node:child_process').then(({ execFile }) =>
          execFile(bin, args, { env }, (err, stdout, stderr) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
          ),
        );
      });
    const r = await run(['alarms', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const alarms = JSON.parse(r.stdout).alarms as { id: string; type: string; isCleared: boolean }[];
    const dg = alarms.find((a) => a.type === 'ont-dying-gasp')!;
    expect(dg.isCleared).toBe(false);
    expect(alarms.every((a) => !a.isCleared)).toBe(true);
    // issue 14 item 8: an aligned table with a header, the id `alarms ack` takes in the first column
    const text = await run(['alarms']);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+STATE\s+RESOURCE\s+TYPE\s+ADAPTER\s+CHANGED\s+TEXT$/);
    const row = lines.find((l) => l.startsWith(`${dg.id} `))!;
    expect(row).toContain(`${olt}/1/1/1:4`);
    expect(row.indexOf(`${olt}/1/1/1:4`)).toBe(lines[0].indexOf('RESOURCE'));
    expect(lines).toHaveLength(alarms.length + 1);
    const wide = await run(['alarms', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(/RAISED\s+QUALIFIER\s+OPERATOR\s+TEXT$/);
    const oj = await run(['alarms', '-o', 'json']);
    expect(JSON.parse(oj.stdout)).toEqual(JSON.parse(r.stdout));
    const ack = await run(['alarms', 'ack', dg.id, '--json']);
    expect(JSON.parse(ack.stdout)).toMatchObject({ id: dg.id, operatorState: 'ack' });
    lab.fault({ kind: 'dying-gasp', olt, pon: '1/1/1', ont: 4, clear: true });
  });

  it('ponctl onts lists and searches ONTs; ponctl incidents lists incidents (table, -o json, -o wide)', async () => {
    const env = { PONCTL_URL: url, PONCTL_KEY: operatorKey };
    const all = await runPonctl(['onts'], env);
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^OLT\s+PON\s+ONU\s+SERIAL\s+ADAPTER\s+SP\s+STATE\s+RX DBM$/);
    expect(lines.at(-1)).toBe('8 ONTs');
    const api = (await call('GET', '/v1/onts?limit=1000', operatorKey)).body.onts as any[];
    expect(api).toHaveLength(8);
    const j = await runPonctl(['onts', '--json'], env);
    // live values (last seen, RX level) move between the two reads: compare what identifies each ONT
    const ids = (rows: any[]) => rows.map((t) => `${t.olt} ${t.pon} ${t.onuId} ${t.serial} ${t.adapterId}`);
    expect(ids(JSON.parse(j.stdout).onts)).toEqual(ids(api));
    // a search by serial finds exactly that ONT
    const serial = inv.olts[0].pons[1].onts[2].serial;
    const found = await runPonctl(['onts', serial, '-o', 'wide'], env);
    const fl = found.stdout.trimEnd().split('\n');
    expect(fl[0]).toMatch(/LAST SEEN\s+MATCHED\s+ADDRESS$/);
    expect(fl).toHaveLength(3);
    expect(fl[1]).toMatch(new RegExp(`^${inv.olts[0].name}\\s+1/1/2\\s+\\d+\\s+${serial}\\s.*\\sserial\\s`));
    const pon = await runPonctl(['onts', '--pon', '1/1/1', '-o', 'json'], env);
    expect(JSON.parse(pon.stdout).onts.map((t: any) => t.pon)).toEqual(['1/1/1', '1/1/1', '1/1/1', '1/1/1']);

    // the monitoring tests above raised incidents (drop cut, OLT down): the CLI lists the API's
    const inc = (await call('GET', '/v1/incidents', operatorKey)).body.incidents as any[];
    expect(inc.length).toBeGreaterThan(0);
    const it = await runPonctl(['incidents'], env);
    expect(it.code, it.stderr).toBe(0);
    const il = it.stdout.trimEnd().split('\n');
    expect(il[0]).toMatch(/^ID\s+STATUS\s+CAUSE\s+OLT\s+PON\s+START\s+END\s+ONTS\s+SUMMARY$/);
    expect(il.slice(1, -1).map((l) => l.split(/\s+/)[0])).toEqual(inc.map((x) => x.id));
    expect(il.at(-1)).toBe(`${inc.length} incident${inc.length === 1 ? '' : 's'}`);
    const ij = await runPonctl(['incidents', '-o', 'json', '--status', 'resolved'], env);
    expect(JSON.parse(ij.stdout).incidents).toEqual(inc.filter((x) => x.status === 'resolved'));
    const iw = await runPonctl(['incidents', '-o', 'wide'], env);
    expect(iw.stdout.split('\n')[0]).toMatch(/ONTS\s+SLA\s+ADAPTERS\s+SUMMARY$/);
    const bad = await runPonctl(['incidents', '-o', 'yaml'], env);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('unknown output format yaml')]);
  });
});
