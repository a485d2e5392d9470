/**
 * `GET /v1/cluster`, `ponctl cluster` and the per-instance metrics (issue 16 item 4) on one
 * controller (SQLite: one instance owning every OLT) monitoring a lab of three OLTs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { createApiKey } from '../../src/application/access/api-keys.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import { loadConfig } from '../../src/main/config.ts';
import { createController, type Controller } from '../../src/main/controller.ts';
import { targetsFromInventory } from '../../src/main/lab.ts';
import { PONCTL_VERSION } from '../../src/main/version.ts';
import { seededStore } from '../helpers/monitoring.ts';

let lab: Lab;
let store: Store;
let cleanupStore: () => Promise<void>;
let controller: Controller;
let url: string;
let dataDir: string;
let operatorKey: string;
let spKey: string;

const get = async (p: string, key: string | null) => {
  const res = await fetch(url + p, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: (() => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })(),
  };
};

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 8000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  lab = await Lab.start({ olts: 3, pons: 1, onts: 4, profiles: ['zxa10-c300'] });
  const inv = lab.inventory();
  ({ store, cleanup: cleanupStore } = await seededStore(inv));
  dataDir = mkdtempSync(path.join(tmpdir(), 'ponctl-clusterapi-'));
  const config = loadConfig(
    { PONCTL_DATA_DIR: dataDir, PONCTL_LISTEN: '127.0.0.1:0', PONCTL_LAB: '0', PONCTL_INSTANCE: 'solo' },
    dataDir,
  );
  operatorKey = (await createApiKey(store, { role: 'operator', name: 'noc', at: new Date() })).key;
  spKey = (await createApiKey(store, { role: 'sp', spId: 'sp1', name: 'sp', at: new Date() })).key;
  controller = await createController({
    config,
    store,
    monitoring: { targets: targetsFromInventory(inv.olts, { timeoutMs: 400 }), pollMs: 300, traps: false },
  });
  url = await controller.listen();
}, 60_000);

afterAll(async () => {
  await controller?.close();
  await cleanupStore?.();
  await lab?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /v1/cluster', () => {
  it('one instance on SQLite: itself, with a fresh heartbeat, its version and every OLT', async () => {
    const r = await get('/v1/cluster', operatorKey);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ instance: 'solo', leaseMs: 10_000, unowned: [] });
    expect(r.body.instances).toHaveLength(1);
    const [me] = r.body.instances;
    expect(me).toMatchObject({
      id: 'solo',
      self: true,
      version: PONCTL_VERSION,
      olts: ['olt-1', 'olt-2', 'olt-3'],
    });
    expect(Date.parse(me.expiresAt)).toBeGreaterThan(Date.parse(me.heartbeatAt));
    expect(Math.abs(Date.now() - Date.parse(me.heartbeatAt))).toBeLessThan(10_000);
  });

  it('operator only: an SP key gets 404, no key 401, in the error envelope', async () => {
    const sp = await get('/v1/cluster', spKey);
    expect(sp.status).toBe(404);
    expect(sp.body.error.code).toBe('NOT_FOUND');
    const none = await get('/v1/cluster', null);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('is documented in /openapi.json with an operation id, a tag and described responses', async () => {
    const doc = (await get('/openapi.json', operatorKey)).body;
    const op = doc.paths['/v1/cluster'].get;
    expect(op).toMatchObject({ operationId: 'getCluster', tags: ['cluster'] });
    for (const s of ['200', '401', '404']) expect(op.responses[s].description.length).toBeGreaterThan(5);
  });

  it('metrics: OLTs owned, live instances, sweep duration and poll lag of this instance', async () => {
    const text = await until('a full sweep observed', async () => {
      const m = (await get('/metrics', operatorKey)).text;
      const n = /ponctl_monitoring_sweep_duration_seconds_count (\d+)/.exec(m);
      return n && Number(n[1]) >= 2 ? m : undefined;
    });
    expect(text).toMatch(/^ponctl_cluster_olts_owned 3$/m);
    expect(text).toMatch(/^ponctl_cluster_instances_live 1$/m);
    expect(text).toMatch(
      new RegExp(`ponctl_cluster_instance_info\\{instance_id="solo",version="${PONCTL_VERSION}"\\} 1`),
    );
    const lag = Number(/^ponctl_monitoring_poll_lag_seconds (\S+)$/m.exec(text)![1]);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(5);
  });

  it('ponctl cluster prints the instances and their OLTs; --json the API body', async () => {
    const bin = new URL('../../bin/ponctl', import.meta.url).pathname;
    const env = { ...process.env, PONCTL_URL: url, PONCTL_KEY: operatorKey };
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(bin, args, { env, timeout: 60_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const j = await run(['cluster', '--json']);
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout).instances.map((i: { id: string; olts: string[] }) => [i.id, i.olts])).toEqual(
      [['solo', ['olt-1', 'olt-2', 'olt-3']]],
    );
    const t = await run(['cluster']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^1 instance\(s\), lease 10000 ms/);
    expect(t.stdout).toMatch(/\* solo .* 3 OLT\(s\): olt-1, olt-2, olt-3/);
  });
});
