/**
 * Issue 14 item 2 for monitoring: its own SSH connections (the NETCONF state reads of a BBF OLT, the
 * login probe, the unconfigured-ONU listing) verify the OLT's pinned host key as provisioning does.
 * A lab BBF OLT restarted with another host key on the same ports: the state read is refused before
 * authentication (the simulator's SSH server counts userauth requests: none), the poll reports the
 * OLT unreadable with `host-key-changed`, the critical `olt-host-key-changed` alarm is raised, the
 * unconfigured-ONU listing reports that OLT's error; trusting the new key resumes all of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../../simulators/lab/index.ts';
import { newHostKey } from '../../simulators/ssh/server.ts';
import { loadConfig } from '../../src/main/config.ts';
import { openStore, type SqlStore } from '../../src/adapters/driven/store/index.ts';
import { createLabController, targetsFromInventory } from '../../src/main/lab.ts';
import type { Controller } from '../../src/main/controller.ts';
import { demoKeys, seedDemo } from '../../src/main/demo-seed.ts';

const CREDS = { username: 'noc-mon', password: 'Pw-91c4e2-mon', community: 'comm-3e8a71' };
const LAB = { olts: 1, pons: 1, onts: 2, profiles: ['bbf-tr385'], credentials: CREDS };

describe('monitoring verifies pinned SSH host keys', () => {
  let lab: Lab;
  let store: SqlStore;
  let controller: Controller;
  let url: string;
  let operator: string;
  let dir: string;

  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(url + p, {
      method,
      headers: {
        authorization: `Bearer ${operator}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-mon-hk-'));
    lab = await Lab.start(LAB);
    const config = loadConfig({ PONCTL_DATA_DIR: dir, PONCTL_LISTEN: '127.0.0.1:0', PONCTL_LAB: '0' }, dir);
    store = await openStore(config.store);
    const inv = lab.inventory();
    await seedDemo(store, { at: new Date(), inventory: inv });
    operator = (await demoKeys(store, dir, new Date())).operator;
    controller = await createLabController({
      config,
      store,
      inventory: inv,
      workers: false,
      provisioning: { driftCheckMs: 0 },
      monitoring: {
        targets: targetsFromInventory(inv.olts, { timeoutMs: 2000 }),
        traps: false,
        pollMs: 600_000,
        watchAll: true,
      },
    });
    url = await controller.listen();
    await controller.services.monitoring.start();
  }, 60_000);

  afterAll(async () => {
    await controller?.services.monitoring.stop();
    await controller?.close();
    await store?.close();
    await lab?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a changed key: the NETCONF state read is refused before authentication; trusting it resumes', async () => {
    const monitoring = controller.services.monitoring;
    const inv = lab.inventory().olts[0];
    const before = await monitoring.pollNow('olt-1');
    expect(before).toMatchObject({ ok: true }); // read over NETCONF (no ONU configured yet: no rows)
    expect((await call('GET', '/v1/onts/unconfigured')).body.olts).toEqual([
      { olt: 'olt-1', ok: true, count: 2 },
    ]);
    expect(lab.olts[0].netconf.authRequests).toBeGreaterThan(0);

    // the same OLT (same ports) comes back with another host key
    await lab.close();
    lab = await Lab.start({ ...LAB, hostKey: newHostKey(), ports: { olts: [inv.ports] } });
    const newKey = lab.inventory().olts[0].hostKey;
    expect(newKey).not.toBe(inv.hostKey);

    // the round on the old session may first see it lost (the lab went away); the next one reconnects
    let refused = await monitoring.pollNow('olt-1');
    if (!refused.ok && (refused.error as Error & { code?: string }).code === 'connection-lost')
      refused = await monitoring.pollNow('olt-1');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && (refused.error as Error & { code?: string }).code).toBe('host-key-changed');
    expect(lab.olts[0].netconf.authRequests).toBe(0); // no credential ever reached the new key's holder

    let alarms: any[] = [];
    for (let i = 0; i < 50 && !alarms.length; i++) {
      alarms = (await call('GET', '/v1/alarms?olt=olt-1')).body.alarms.filter(
        (a: any) => a.type === 'olt-host-key-changed' && !a.isCleared,
      );
      if (!alarms.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(alarms[0]).toMatchObject({ severity: 'critical', resource: 'olt-1' });
    expect((await call('GET', '/v1/olts/olt-1')).body.hostKey).toMatchObject({
      state: 'changed',
      pinned: inv.hostKey,
      presented: newKey,
    });

    const uncfg = await call('GET', '/v1/onts/unconfigured');
    expect(uncfg.status).toBe(200);
    expect(uncfg.body.olts).toEqual([
      { olt: 'olt-1', ok: false, count: 0, error: expect.objectContaining({ code: 'host-key-changed' }) },
    ]);
    expect(lab.olts[0].netconf.authRequests).toBe(0);

    // an operator trusts the new key: monitoring and the listing read the OLT again
    expect((await call('POST', '/v1/olts/olt-1/trust', { hostKey: newKey })).status).toBe(200);
    const resumed = await monitoring.pollNow('olt-1');
    expect(resumed).toMatchObject({ ok: true });
    expect(lab.olts[0].netconf.authRequests).toBeGreaterThan(0);
    const listed = await call('GET', '/v1/onts/unconfigured');
    expect(listed.body.olts).toEqual([{ olt: 'olt-1', ok: true, count: 2 }]);
  }, 60_000);
});
