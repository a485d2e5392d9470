/**
 * GET /readyz (issue 14 item 6): /healthz stays liveness; readiness needs the store and the
 * provisioning, monitoring and webhook workers, and lists each registered OLT's reachability.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/main/config.ts';
import { createController, type Controller } from '../../src/main/controller.ts';

describe('GET /readyz', () => {
  const dirs: string[] = [];
  const ctls: Controller[] = [];
  afterAll(async () => {
    for (const c of ctls) await c.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const start = async (workers: boolean) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-readyz-'));
    dirs.push(dir);
    const config = loadConfig({ PONCTL_DATA_DIR: dir, PONCTL_LISTEN: '127.0.0.1:0', PONCTL_LAB: '0' }, dir);
    const c = await createController({ config, workers });
    ctls.push(c);
    const url = await c.listen();
    await c.store.olts.add(
      {
        name: 'far-1',
        profile: 'zxa10-c300',
        host: '127.0.0.1',
        ports: { cli: 1 },
        credentialsRef: 'x',
        maintenance: false,
      },
      new Date().toISOString(),
    );
    return { c, url };
  };

  it('is ready with the store and every worker running; an OLT not polled yet is unknown', async () => {
    const { url } = await start(true);
    const r = await fetch(`${url}/readyz`);
    const body = await r.json();
    expect(r.status).toBe(200);
    expect(body).toMatchObject({
      status: 'ready',
      store: 'ok',
      problems: [],
      olts: [{ olt: 'far-1', reachable: 'unknown' }],
    });
    expect(body.workers.filter((w: any) => w.running).map((w: any) => w.name)).toEqual(
      expect.arrayContaining(['provisioning', 'monitoring', 'webhook-delivery']),
    );
  });

  it('answers 503 naming what is missing when the workers do not run; /healthz stays 200', async () => {
    const { url, c } = await start(false);
    const r = await fetch(`${url}/readyz`);
    expect(r.status).toBe(503);
    const body = await r.json();
    expect(body.status).toBe('not-ready');
    expect(body.problems).toEqual([
      'worker provisioning not running',
      'worker monitoring not running',
      'worker webhook-delivery not running',
    ]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await c.store.close();
    const down = await fetch(`${url}/readyz`);
    expect(down.status).toBe(503);
    expect((await down.json()).problems).toContain('store unavailable');
  });
});
