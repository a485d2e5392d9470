/**
 * Two controller instances on one PostgreSQL database process one queue (design §8, issue 5 item 8):
 * due orders are claimed with `FOR UPDATE SKIP LOCKED` leases and each OLT is written under a
 * PostgreSQL advisory lock, so every order is applied exactly once and no OLT is ever written by
 * both instances at the same time (the device-write log's intervals per OLT never overlap).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { PG_URL, createSchema, dropSchema } from '../helpers/pg.ts';
import { activationBody, findOnu, startProvisioningEnv, type ProvisioningEnv } from './provisioning-env.ts';

let lab: Lab;
let schema: string;
let a: ProvisioningEnv;
let b: ProvisioningEnv;

beforeAll(async () => {
  lab = await Lab.start({ olts: 2, pons: 2, onts: 16, profiles: ['bbf-tr385', 'zxa10-c300'] });
  schema = await createSchema();
  const storeConfig = { kind: 'postgres' as const, url: PG_URL, schema };
  a = await startProvisioningEnv({ lab, storeConfig, instanceId: 'instance-a' });
  b = await startProvisioningEnv({ lab, storeConfig, instanceId: 'instance-b' });
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await lab?.close();
  if (schema) await dropSchema(schema);
});

describe('two instances, one PostgreSQL queue', () => {
  it('every order is applied exactly once and no OLT is written by both instances at once', async () => {
    // activations on every free existing-installation address of both OLTs, placed through instance A
    const free = a.addresses.filter((x) => x.stockOf && x.installation === 'existing');
    const ids: string[] = [];
    for (const x of free) ids.push((await a.order(x.stockOf!, activationBody(x))).id);
    expect(ids.length).toBeGreaterThan(20);

    // both instances work the queue concurrently, several passes each
    const work = async (env: ProvisioningEnv) => {
      for (let i = 0; i < 6; i++) await env.controller.services.provisioning.runOnce();
    };
    await Promise.all([work(a), work(b)]);

    for (const id of ids) {
      const o = await a.getOrder(id);
      expect(o.status, id).toBe('completed');
      expect(o.history.filter((h) => h.status === 'completed')).toHaveLength(1);
    }
    const runs = await a.store.provisioning.runs({ limit: 10_000 });
    const applies = runs.filter((r) => r.kind === 'apply' && (r.outcome === 'ok' || r.outcome === 'noop'));
    // each order carried by exactly one successful device write
    const carried = applies.flatMap((r) => r.orders);
    expect(carried.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    // both instances took part
    expect(new Set(runs.map((r) => r.instance))).toEqual(new Set(['instance-a', 'instance-b']));
    // per OLT, no two writes overlap in time
    for (const olt of ['olt-1', 'olt-2']) {
      const iv = runs
        .filter((r) => r.olt === olt && r.kind !== 'drift-check')
        .map((r) => [r.startedMs, r.finishedMs ?? Infinity] as const)
        .sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < iv.length; i++)
        expect(iv[i][0], `${olt} writes overlap`).toBeGreaterThanOrEqual(iv[i - 1][1]);
    }
    // and the devices hold every subscriber, as each OLT's driver reads it back (a ZXA10's show
    // running-config through the real dialect's reader)
    const held = { 'olt-1': (await a.views('olt-1'))[0], 'olt-2': (await a.views('olt-2'))[0] };
    for (const x of free)
      expect(findOnu(held[x.olt as keyof typeof held], x.pon, x.onuId)?.expectedSerial).toBe(x.serial);
  }, 120_000);
});
