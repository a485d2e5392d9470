/**
 * Issue 17 item 1, "a failed order never strands an access", against the lab (its OLTs down by fault
 * injection) with the controller's clock in the test's hand:
 * - the scenario: olt-1 down for ~45 s while an activation planned a week later is worked
 *   ahead — before, 5 attempts in ~30 s failed it and stranded its access and ONT; now it is retried
 *   with backoff and completes when the OLT is back;
 * - retries stop only when the deadline has passed: the order fails with the reason, keeps its
 *   reservations (domain/orders/reservations.ts), is listed with its reason, attempts and OLT, and
 *   has two ways out: the operator's retry (reservations used) and the SP's free storno (released).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/driven/time/manual-time.ts';
import {
  activationBody,
  findOnu,
  freeAddresses,
  startProvisioningEnv,
  type ProvisioningEnv,
} from './provisioning-env.ts';
import type { OltConfig } from '../../src/domain/olt-config/model.ts';
import { runPonctl } from '../helpers/ponctl-cli.ts';

const clock = new ManualClock('2026-03-02T08:00:00.000Z'); // Monday 09:00 in Zagreb
let env: ProvisioningEnv;
let url: string;
const prov = () => env.controller.services.provisioning;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const running = (olt: string) => structuredClone(env.lab.findOlt(olt)!.config.running) as OltConfig;

beforeAll(async () => {
  env = await startProvisioningEnv({ clock });
  await prov().runOnce(); // the lab's first reconcile
  url = await env.controller.listen(); // for the ponctl CLI
}, 60_000);
afterAll(async () => {
  env?.lab.fault({ kind: 'olt-down', olt: 'olt-1', clear: true });
  await env?.close();
});

async function call(method: 'GET' | 'POST', url: string, key: string, payload?: unknown) {
  const r = await env.controller.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload ? { payload } : {}),
  });
  return { status: r.statusCode, body: r.json() };
}

interface View {
  status: string;
  provisioning?: {
    attempts: number;
    lastError: string;
    olt?: string;
    nextAttemptAt?: string;
    giveUpAt?: string;
    failedBecause?: string;
  };
  history: { status: string; from?: string; reason: string }[];
}
const view = async (id: string): Promise<View> =>
  (await call('GET', `/v1/orders/${id}`, env.keys.operator)).body;

/** Fails `id` for good on the down olt-1: one failed attempt, then the clock past its give-up point. */
async function failForGood(id: string): Promise<void> {
  await prov().runOnce();
  const v = await view(id);
  expect(v.status).toBe('due');
  clock.set(new Date(Date.parse(v.provisioning!.giveUpAt!) + 1000));
  await wait(150); // the backoff lease is on the wall clock
  await prov().runOnce();
}

describe('the issue 17 scenario', () => {
  it('olt-1 down ~45 s, an activation planned a week later: retried, never failed, completed when back', async () => {
    const a = freeAddresses(env, 'olt-1')[0];
    env.lab.fault({ kind: 'olt-down', olt: 'olt-1' });
    // existing installation, SP's ONT: planned 6 working days later (Table 8), the lab works ahead
    const r = await env.order(a.stockOf!, activationBody(a));
    expect(r.status).toBe('scheduled');
    expect((await env.store.orders.get(r.id))!.plannedDate).toBe('2026-03-09');
    try {
      // 45 s of outage on the controller's clock, passes as the worker would run them (backoff ≤ 100 ms)
      for (let t = 0; t < 45; t += 5) {
        await prov().runOnce();
        clock.advance(5000);
        await wait(110);
      }
      const v = await view(r.id);
      expect(v.status).toBe('due');
      expect(v.provisioning!.attempts).toBeGreaterThan(5);
      expect(v.provisioning!.olt).toBe('olt-1');
      expect(v.provisioning!.nextAttemptAt).toBeDefined();
      // the order's deadline (Table 8) ends at the end of its day in Zagreb: retries go on until then
      expect(v.provisioning!.giveUpAt).toBe(
        new Date(`${(await env.store.orders.get(r.id))!.deadline}T23:00:00.000Z`).toISOString(),
      );
      expect(v.history.some((h) => h.status === 'failed')).toBe(false);
    } finally {
      env.lab.fault({ kind: 'olt-down', olt: 'olt-1', clear: true });
    }
    await wait(120);
    const out = await prov().runOnce();
    expect(out.find((x) => x.orderId === r.id)?.outcome).toBe('completed');
    expect((await env.store.accesses.get(r.adapterId))?.state).toBe('active');
    expect((await env.store.stock.get(a.serial!))?.state).toBe('installed');
    expect(findOnu(running('olt-1'), a.pon, a.onuId)?.expectedSerial).toBe(a.serial);
  });
});

describe('an order that fails for good', () => {
  it('keeps its reservations, is listed with its reason, and the operator retries it', async () => {
    const a = freeAddresses(env, 'olt-1')[1];
    const sp = a.stockOf!;
    env.lab.fault({ kind: 'olt-down', olt: 'olt-1' });
    try {
      const r = await env.order(sp, activationBody(a));
      await failForGood(r.id);
      const v = await view(r.id);
      expect(v.status).toBe('failed');
      expect(v.provisioning).toMatchObject({ olt: 'olt-1', failedBecause: 'deadline-passed' });
      expect(v.provisioning!.nextAttemptAt).toBeUndefined();
      expect(v.history.at(-1)!.reason).toMatch(
        /^provisioning failed on olt-1 after \d+ attempts: the deadline passed/,
      );
      // the rule: kept — the access stays pending on its port, the ONT reserved
      expect((await env.store.accesses.get(r.adapterId))?.state).toBe('pending');
      expect((await env.store.stock.get(a.serial!))?.state).toBe('reserved');
      const again = await call('POST', '/v1/orders', env.keys.sps[sp], activationBody(a));
      expect(again.status).toBe(422);
      expect(['PORT_BLOCKED', 'ONT_SERIAL_NOT_IN_STOCK']).toContain(again.body.error.code);
      // the list the NOC and `ponctl orders --status failed` read
      const failed = await call('GET', '/v1/orders?status=failed', env.keys.operator);
      const listed = (failed.body.orders as (View & { id: string })[]).find((o) => o.id === r.id);
      expect(listed?.provisioning).toMatchObject({ failedBecause: 'deadline-passed', olt: 'olt-1' });
      expect(listed!.provisioning!.attempts).toBeGreaterThanOrEqual(2);
      // … as the operator's CLI prints it (bin/ponctl over HTTP): attempts, OLT and reason on its row
      const cli = await runPonctl(['orders', '--status', 'failed'], {
        PONCTL_URL: url,
        PONCTL_KEY: env.keys.operator,
      });
      expect(cli.code, cli.stderr).toBe(0);
      const [head, ...rows] = cli.stdout.split('\n');
      expect(head.split(/\s+/)).toEqual([
        ...['id', 'sp', 'status', 'category', 'adapterId', 'plannedDate', 'deadline'],
        ...['attempts', 'olt', 'next', 'reason'],
      ]);
      const row = rows.find((l) => l.startsWith(`${r.id} `))!.split(/\s{2,}/);
      expect(row.slice(2, 3).concat(row.slice(7, 10))).toEqual([
        'failed',
        String(listed!.provisioning!.attempts),
        'olt-1',
        '-',
      ]);
      expect(row[10]).toBe(`deadline passed: ${listed!.provisioning!.lastError}`);
      expect(row[10]).toMatch(/^deadline passed: connect/);
      // an SP cannot retry (it is told there is no such order); the operator can
      expect((await call('POST', `/v1/orders/${r.id}/retry`, env.keys.sps[sp])).status).toBe(404);
      env.lab.fault({ kind: 'olt-down', olt: 'olt-1', clear: true });
      const retried = await call('POST', `/v1/orders/${r.id}/retry`, env.keys.operator);
      expect(retried.status).toBe(200);
      expect(retried.body.status).toBe('due');
      expect(retried.body.order.provisioning).toBeUndefined(); // attempts count afresh
      expect((await call('POST', `/v1/orders/${r.id}/retry`, env.keys.operator)).status).toBe(409);
      const out = await prov().runOnce();
      expect(out.find((x) => x.orderId === r.id)?.outcome).toBe('completed');
      expect((await env.store.accesses.get(r.adapterId))?.state).toBe('active');
      expect((await env.store.stock.get(a.serial!))?.state).toBe('installed');
      const h = (await view(r.id)).history.map((e) => e.status);
      expect(h.slice(-4)).toEqual(['failed', 'due', 'in-progress', 'completed']);
    } finally {
      env.lab.fault({ kind: 'olt-down', olt: 'olt-1', clear: true });
    }
  });

  it('the SP cancels it free of charge: the port and the ONT are free again', async () => {
    const a = freeAddresses(env, 'olt-1')[2];
    const sp = a.stockOf!;
    env.lab.fault({ kind: 'olt-down', olt: 'olt-1' });
    try {
      const r = await env.order(sp, activationBody(a));
      await failForGood(r.id);
      expect((await view(r.id)).status).toBe('failed');
      const c = await call('POST', `/v1/orders/${r.id}/cancel`, env.keys.sps[sp]);
      expect(c.status).toBe(200);
      expect(c.body.fee).toEqual({ cents: 0, eur: 0, rule: 'free-after-failure' });
      expect((await env.store.accesses.get(r.adapterId))?.state).toBe('deactivated');
      expect((await env.store.stock.get(a.serial!))?.state).toBe('in-stock');
      env.lab.fault({ kind: 'olt-down', olt: 'olt-1', clear: true });
      const again = await env.order(sp, activationBody(a));
      await wait(10);
      const out = await prov().runOnce();
      expect(out.find((x) => x.orderId === again.id)?.outcome).toBe('completed');
    } finally {
      env.lab.fault({ kind: 'olt-down', olt: 'olt-1', clear: true });
    }
  });

  it('a retried order waiting out its backoff is tried at once on the operator retry', async () => {
    const a = freeAddresses(env, 'olt-1')[3];
    env.lab.fault({ kind: 'olt-down', olt: 'olt-1' });
    let id: string;
    try {
      id = (await env.order(a.stockOf!, activationBody(a))).id;
      await prov().runOnce();
      expect((await view(id)).status).toBe('due');
    } finally {
      env.lab.fault({ kind: 'olt-down', olt: 'olt-1', clear: true });
    }
    // waiting out its backoff: no instance claims it before …
    expect((await env.store.orders.get(id))!.leaseOwner).toBe('backoff');
    // … unless the operator asks
    expect((await call('POST', `/v1/orders/${id}/retry`, env.keys.operator)).status).toBe(200);
    expect((await env.store.orders.get(id))!.leaseOwner).toBeUndefined();
    expect((await prov().runOnce()).find((x) => x.orderId === id)?.outcome).toBe('completed');
  });
});
