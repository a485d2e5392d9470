/**
 * Issue 14 item 5: GET /v1/onts/unconfigured lists what each OLT of the lab sees but holds no
 * configuration for, through each driver over its own protocol — ZXA10 `show gpon onu uncfg` over
 * SSH, the BBF models' ONU state over NETCONF (two BBF OLTs: the lab's default olt-1 and olt-3) —
 * matched to the SP's pending activation naming the serial; a provisioned ONU leaves the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../../simulators/lab/index.ts';
import { loadConfig } from '../../src/main/config.ts';
import { openStore, type SqlStore } from '../../src/adapters/driven/store/index.ts';
import { createLabController } from '../../src/main/lab.ts';
import type { Controller } from '../../src/main/controller.ts';
import { runPonctl, runPonctlOnTty as onTty } from '../helpers/ponctl-cli.ts';
import { demoKeys, seedDemo, type SeededAddress } from '../../src/main/demo-seed.ts';

const PROFILES = ['bbf-tr385', 'zxa10-c300', 'bbf-tr385'];

describe('unconfigured ONUs across the drivers', () => {
  let lab: Lab;
  let store: SqlStore;
  let controller: Controller;
  let url: string;
  let keys: { operator: string; sps: Record<string, string> };
  let addresses: SeededAddress[];
  let dir: string;

  const call = async (method: string, p: string, key: string, body?: unknown) => {
    const res = await fetch(url + p, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-uncfg-'));
    lab = await Lab.start({ olts: 3, pons: 1, onts: 4, profiles: PROFILES });
    const config = loadConfig({ PONCTL_DATA_DIR: dir, PONCTL_LISTEN: '127.0.0.1:0', PONCTL_LAB: '0' }, dir);
    store = await openStore(config.store);
    const inv = lab.inventory();
    const seed = await seedDemo(store, { at: new Date(), inventory: inv });
    addresses = seed.addresses;
    keys = await demoKeys(store, dir, new Date());
    controller = await createLabController({
      config,
      store,
      inventory: inv,
      workers: false,
      provisioning: { driftCheckMs: 0, options: { workAhead: true } },
    });
    url = await controller.listen();
  }, 60_000);

  afterAll(async () => {
    await controller?.close();
    await store?.close();
    await lab?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every physical ONT of a fresh lab on every OLT, each read over its own protocol', async () => {
    const r = await call('GET', '/v1/onts/unconfigured', keys.operator);
    expect(r.status).toBe(200);
    expect(r.body.olts).toEqual(PROFILES.map((_, i) => ({ olt: `olt-${i + 1}`, ok: true, count: 4 })));
    const inv = lab.inventory();
    const expected = inv.olts.flatMap((o) =>
      o.pons.flatMap((p) => p.onts.map((t) => `${o.name} ${t.serial}`)),
    );
    expect(r.body.onus.map((u: any) => `${u.olt} ${u.serial}`).sort()).toEqual(expected.sort());
    for (const u of r.body.onus) {
      expect(u.pon).toMatch(/^\d+\/\d+\/\d+$/);
      expect(Number.isNaN(Date.parse(u.firstSeen))).toBe(false);
    }
    // first seen is kept between listings
    const again = await call('GET', '/v1/onts/unconfigured?olt=olt-2', keys.operator);
    expect(again.body.olts).toHaveLength(1);
    const before = r.body.onus.find((u: any) => u.olt === 'olt-2');
    expect(again.body.onus.find((u: any) => u.serial === before.serial).firstSeen).toBe(before.firstSeen);
  }, 60_000);

  it('ponctl onts unconfigured prints the same, as a table and as JSON; apply asks first', async () => {
    const env = { PONCTL_URL: url, PONCTL_KEY: keys.operator };
    const t = await runPonctl(['onts', 'unconfigured', '--olt', 'olt-3'], env);
    expect(t.code).toBe(0);
    const lines = t.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SERIAL\s+OLT\s+PON\s+FIRST SEEN/);
    const serials = lab.inventory().olts[2].pons.flatMap((p) => p.onts.map((x) => x.serial));
    for (const s of serials) expect(t.stdout).toMatch(new RegExp(`^${s}\\s+olt-3\\s`, 'm'));
    expect(lines.at(-1)).toBe('4 unconfigured ONUs');
    const j = await runPonctl(['onts', 'unconfigured', '-o', 'json'], env);
    expect(JSON.parse(j.stdout).onus).toHaveLength(12);
    // issue 14 item 8: `ponctl plan` exits 2 while the OLT differs from intent (nothing pushed yet)
    const drift = await runPonctl(['plan', '--olt', 'olt-2'], env);
    expect([drift.code, drift.stdout]).toEqual([2, expect.stringMatching(/to create/)]);
    // apply/reconcile change the OLT: without a terminal and without --yes nothing is sent (exit 3)
    for (const cmd of ['apply', 'reconcile']) {
      const refused = await runPonctl([cmd, '--olt', 'olt-2'], env);
      expect([refused.code, refused.stdout]).toEqual([3, '']);
      expect(refused.stderr).toMatch(new RegExp(`^ponctl ${cmd}: stdin is not a terminal.*--yes`));
    }
    expect((await runPonctl(['plan', '--olt', 'olt-2'], env)).code).toBe(2);
    // on a terminal (a pseudo-TTY from util-linux script(1)) it asks: "n" sends nothing, "y" applies
    const no = await onTty(['apply', '--olt', 'olt-3'], env, 'n\n');
    expect([no.code, no.out]).toEqual([
      3,
      expect.stringMatching(/Apply intent to olt-3.*\[y\/N\][\s\S]*not confirmed/),
    ]);
    expect((await runPonctl(['plan', '--olt', 'olt-3'], env)).code).toBe(2);
    const yes = await onTty(['apply', '--olt', 'olt-3'], env, 'y\n');
    expect([yes.code, yes.out]).toEqual([
      0,
      expect.stringMatching(/olt-3: \d+ change\(s\) applied, verified/),
    ]);
    expect((await runPonctl(['plan', '--olt', 'olt-3'], env)).code).toBe(0);
    const again = await runPonctl(['apply', '--olt', 'olt-3', '--yes'], env);
    expect([again.code, again.stdout]).toEqual([0, expect.stringMatching(/^olt-3: 0 change\(s\) applied/)]);
    const rec = await runPonctl(['reconcile', '--olt', 'olt-3', '-y', '--json'], env);
    expect([rec.code, JSON.parse(rec.stdout).olt]).toEqual([0, 'olt-3']);
    const sp = await runPonctl(['onts', 'unconfigured'], { ...env, PONCTL_KEY: keys.sps['sp-alpha'] });
    expect(sp.code).toBe(1);
    expect(sp.stderr).toContain('NOT_FOUND');
  }, 180_000);

  it('is the operator’s: an SP key is told there is nothing', async () => {
    const r = await call('GET', '/v1/onts/unconfigured', keys.sps['sp-alpha']);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });

  it('matches a pending activation to its serial; provisioned ONUs leave the list', async () => {
    const free = addresses.find((a) => a.stockOf && a.olt === 'olt-2' && a.installation === 'existing')!;
    const sp = free.stockOf!;
    const order = await call('POST', '/v1/orders', keys.sps[sp], {
      form: 'BSNA',
      category: 'activation',
      address: { ...free.address, flat: '1', floor: '0' },
      contact: { name: 'Ana Anić', phone: '+385 1 555 0101' },
      ownerInstallsHome: false,
      ontSerial: free.serial,
      accessLevel: 'regional',
      services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
    });
    expect(order.status).toBe(202);
    const r = await call('GET', '/v1/onts/unconfigured', keys.operator);
    const seen = r.body.onus.find((u: any) => u.serial === free.serial);
    expect(seen).toMatchObject({
      olt: 'olt-2',
      pon: free.pon,
      matchedOrder: { id: order.body.id, spId: sp },
    });
    expect(r.body.onus.filter((u: any) => u.matchedOrder)).toHaveLength(1);
    // issue 14 item 8: `ponctl orders` shows the order's id in an aligned table; -o wide / -o json
    const spEnv = { PONCTL_URL: url, PONCTL_KEY: keys.sps[sp] };
    const ot = await runPonctl(['orders'], spEnv);
    const ol = ot.stdout.trimEnd().split('\n');
    expect(ol[0]).toMatch(/^id\s+sp\s+status\s+category\s+adapterId\s+plannedDate\s+deadline$/);
    const orow = ol.find((l) => l.startsWith(`${order.body.id} `))!;
    expect(orow.indexOf(sp)).toBe(ol[0].indexOf('sp '));
    const ow = await runPonctl(['orders', '-o', 'wide'], spEnv);
    expect(ow.stdout.split('\n')[0]).toMatch(/deadline\s+receivedAt\s+attempts\s+olt\s+next\s+reason$/);
    const oj = await runPonctl(['orders', '-o', 'json'], spEnv);
    const legacy = await runPonctl(['orders', '--json'], spEnv);
    expect(JSON.parse(oj.stdout).map((x: any) => x.id)).toContain(order.body.id);
    expect(JSON.parse(legacy.stdout)).toEqual(JSON.parse(oj.stdout));

    // the provisioning pass configures the seeded accesses and the order: their ONUs are configured now
    await controller.services.provisioning.runOnce();
    const after = await call('GET', '/v1/onts/unconfigured', keys.operator);
    expect(after.body.onus.map((u: any) => u.serial)).not.toContain(free.serial);
    const configuredOnOlt2 = addresses.filter((a) => a.olt === 'olt-2' && a.active).map((a) => a.serial);
    for (const s of configuredOnOlt2) expect(after.body.onus.map((u: any) => u.serial)).not.toContain(s);
    const env = { PONCTL_URL: url, PONCTL_KEY: keys.operator };
    const none = await runPonctl(['plan', '--olt', 'olt-2'], env);
    expect([none.code, none.stdout]).toEqual([0, expect.stringMatching(/no changes/)]);
    const v = await runPonctl(['--version'], env);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 180_000);
});
