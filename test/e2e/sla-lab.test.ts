/**
 * End to end (issue 7 "What must be shown"): a simulated lab and a controller with monitoring on fast
 * intervals; a PON fibre cut injected in the lab; the controller's clock (injectable, design §3
 * PONCTL_CLOCK: it starts at an instant and runs forward) is moved 5 hours while the fibre is cut;
 * monitoring resolves the incident when the fibre is back. Then, over HTTP, the affected SP reads the
 * month's credits and CSV statement and sees its credit line and nothing of other SPs; the operator
 * sees every SP's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { loadConfig } from '../../src/main/config.ts';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import type { Clock } from '../../src/application/ports/clock.ts';
import { offsetClock } from '../../src/adapters/driven/time/system-time.ts';
import type { Controller } from '../../src/main/controller.ts';
import { demoKeys, seedDemo, type DemoKeys, type DemoSeed } from '../../src/main/demo-seed.ts';
import { type IncidentEvent } from '../../src/application/monitoring/index.ts';
import { EventLog, pollRounds } from '../helpers/monitoring.ts';
import { createLabController, targetsFromInventory } from '../../src/main/lab.ts';

/** The controller's clock as PONCTL_CLOCK makes it (offsetClock), plus a jump forward for the test. */
class JumpingClock implements Clock {
  private readonly base: Clock;
  private jumped = 0;
  constructor(start: string) {
    this.base = offsetClock(new Date(start));
  }
  now(): Date {
    return new Date(this.base.now().getTime() + this.jumped);
  }
  jump(ms: number): void {
    this.jumped += ms;
  }
}

const H = 3_600_000;
let lab: Lab;
let store: Store;
let controller: Controller;
let url: string;
let seed: DemoSeed;
let keys: DemoKeys;
let dataDir: string;
let log: EventLog;
const clock = new JumpingClock('2026-03-10T07:00:00.000Z'); // Tuesday 10 March 2026, 08:00 Zagreb

const isIncident = (e: { type: string }): e is IncidentEvent => e.type === 'incident';

async function get(
  p: string,
  key: string,
): Promise<{ status: number; type: string | null; text: string; json: any }> {
  const res = await fetch(url + p, { headers: { authorization: `Bearer ${key}` } });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    /* CSV */
  }
  return { status: res.status, type: res.headers.get('content-type'), text, json };
}

beforeAll(async () => {
  lab = await Lab.start({ olts: 2, pons: 2, onts: 16 });
  const inv = lab.inventory();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ponctl-sla-e2e-'));
  const config = loadConfig(
    { PONCTL_DATA_DIR: dataDir, PONCTL_LISTEN: '127.0.0.1:0', PONCTL_LAB: '0' },
    dataDir,
  );
  store = await openStore(config.store);
  seed = await seedDemo(store, { at: clock.now(), inventory: inv });
  keys = await demoKeys(store, dataDir, clock.now());
  // olt-1 is the lab's BBF OLT: monitoring sees the ONUs its v-ANIs authorise (NETCONF operational
  // state), so the demo's services are first pushed to the lab as `npm start` does (reconciliation)
  controller = await createLabController({
    config,
    store,
    clock,
    inventory: inv,
    workers: false,
    monitoring: {
      targets: targetsFromInventory(inv.olts, { timeoutMs: 400 }),
      pollMs: 300,
      tickMs: 50,
      correlation: { windowMs: 600 },
      traps: false,
      // workers off: this test starts monitoring itself, watching every OLT (no cluster leases)
      watchAll: true,
    },
  });
  url = await controller.listen();
  await controller.services.provisioning.runOnce();
  log = new EventLog(controller.services.monitoring.events);
  await controller.services.monitoring.start();
  // the ONTs each OLT's configuration authorises: on both the demo's active accesses, pushed by the
  // pass above (a ZXA10's SNMP tables have rows for configured ONUs only, like olt-1's v-ANIs)
  const bbfOnts = seed.addresses.filter((a) => a.olt === 'olt-1' && a.active).length;
  const zxa10Onts = seed.addresses.filter((a) => a.olt === 'olt-2' && a.active).length;
  expect(bbfOnts).toBeGreaterThan(0);
  expect(zxa10Onts).toBeGreaterThan(0);
  const total = bbfOnts + zxa10Onts;
  await log.waitFor(
    () =>
      [...controller.services.monitoring.onts.values()].filter((o) => o.state === 'working').length === total,
    15_000,
  );
}, 60_000);

afterAll(async () => {
  await controller?.services.monitoring.stop();
  await controller?.close();
  await lab?.close();
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('SLA end to end with the lab', () => {
  let incidentId = '';
  /**
   * The accesses on the cut PON (olt-2 1/1/2), by SP. The cut is on the ZXA10 OLT; a PON cut on the
   * lab's BBF OLT (olt-1, read through its xPON defects) is test/integration/monitoring-bbf.test.ts.
   */
  const onCutPon = () =>
    seed.addresses.filter((a) => a.olt === 'olt-2' && a.pon === '1/1/2' && a.active).map((a) => a.active!);

  it('a 5-hour PON cut in the lab becomes one resolved pon-fibre-cut incident in the store', async () => {
    expect(new Set(onCutPon().map((a) => a.spId))).toEqual(new Set(['sp-alpha', 'sp-beta', 'sp-gamma']));
    const m = log.mark();
    lab.fault({ kind: 'pon-cut', olt: 'olt-2', pon: '1/1/2' });
    const opened = (await log.waitFor(
      (e) => isIncident(e) && e.action === 'opened' && e.incident.cause === 'pon-fibre-cut',
      8000,
      m,
    )) as IncidentEvent;
    incidentId = opened.incident.id;
    clock.jump(5 * H); // the fibre stays cut for five hours of controller time
    await pollRounds(controller.services.monitoring, 'olt-2', 3); // at the new time: still one incident
    const m2 = log.mark();
    lab.fault({ kind: 'pon-cut', olt: 'olt-2', pon: '1/1/2', clear: true });
    await log.waitFor(
      (e) => isIncident(e) && e.action === 'resolved' && e.incident.id === incidentId,
      8000,
      m2,
    );
    const stored = await store.incidents.get(incidentId);
    expect(stored).toMatchObject({ status: 'resolved', cause: 'pon-fibre-cut', olt: 'olt-2', pon: '1/1/2' });
    const minutes = (Date.parse(stored!.end!) - Date.parse(stored!.start)) / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(300);
    expect(minutes).toBeLessThan(310);
    expect(
      stored!.affected
        .map((a) => a.adapterId)
        .filter(Boolean)
        .sort(),
    ).toEqual(
      onCutPon()
        .map((a) => a.adapterId)
        .sort(),
    );
  }, 30_000);

  it('the affected SP reads its credit line over the API and sees nothing of other SPs', async () => {
    const mine = onCutPon().find((a) => a.spId === 'sp-alpha')!.adapterId;
    const others = seed.addresses
      .filter((a) => a.active && a.active.spId !== 'sp-alpha')
      .map((a) => a.active!.adapterId);
    const r = await get('/v1/sla/credits?month=2026-03', keys.sps['sp-alpha']);
    expect(r.status).toBe(200);
    expect(r.json.sps.map((s: { sp: string }) => s.sp)).toEqual(['sp-alpha']);
    const sub = r.json.sps[0].subscribers.find((s: { adapterId: string }) => s.adapterId === mine);
    expect(sub.lines).toHaveLength(1);
    // regional access (7.30 + 2.50 EUR): 5 full hours × 980 ct / 720 = 6.8 ct → 0.07 EUR
    expect(sub.lines[0]).toMatchObject({
      outageId: incidentId,
      rule: 'access-hourly',
      units: 5,
      amount: 0.07,
    });
    expect(sub.lines[0].countedMinutes).toBeGreaterThanOrEqual(300);
    expect(r.json.total).toBe(0.07);
    for (const id of others) expect(r.text).not.toContain(`"${id}"`);

    const csv = await get('/v1/sla/statement.csv?month=2026-03', keys.sps['sp-alpha']);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const rows = csv.text
      .split('\r\n')
      .filter(Boolean)
      .map((l) => l.split(','));
    const head = rows[0];
    const col = (row: string[], name: string) => row[head.indexOf(name)];
    const row = rows.find((x) => col(x, 'adapter_id') === mine)!;
    expect([col(row, 'credit_access'), col(row, 'credits_total'), col(row, 'credited_outages')]).toEqual([
      '0.07',
      '0.07',
      incidentId,
    ]);
    expect(rows.slice(1).every((x) => col(x, 'sp') === 'sp-alpha')).toBe(true);
    for (const id of others) expect(csv.text).not.toContain(`,${id},`);
  });

  it('the operator sees the credits of every SP on the cut PON; another SP cannot read alpha', async () => {
    const r = await get('/v1/sla/credits?month=2026-03', keys.operator);
    expect(r.status).toBe(200);
    const credited = r.json.sps.flatMap(
      (s: { sp: string; subscribers: { adapterId: string; lines: { outageId: string }[] }[] }) =>
        s.subscribers.filter((x) => x.lines.some((l) => l.outageId === incidentId)).map((x) => x.adapterId),
    );
    expect(credited.sort()).toEqual(
      onCutPon()
        .map((a) => a.adapterId)
        .sort(),
    );
    expect(r.json.total).toBe(0.21);
    expect((await get('/v1/sla/credits?month=2026-03&sp=sp-alpha', keys.sps['sp-beta'])).status).toBe(404);
    expect((await get('/v1/sla/statement.csv?month=2026-03&sp=sp-alpha', keys.sps['sp-beta'])).status).toBe(
      404,
    );
  });
});
