/**
 * Issue 14 "what must be shown", run as a network owner would on day one: `ponctl start` with
 * PONCTL_LAB=0 (a child process) starts empty — no demo keys; the first operator key comes from
 * `ponctl keys create --operator`; an OLT of a lab (its own process role: started apart, unknown to
 * the controller) is registered through the API with its credentials; its SSH host key is pending on
 * first contact and nothing is written until an operator trusts it; coverage and stock come from CSV
 * imports (all or nothing); an order is provisioned on it. The lab OLT is then restarted with another
 * host key: writes stop, a critical alarm is raised (alarms API), trusting the new key resumes them.
 * Finally the store files and every log line of the run are searched for each device secret.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../../simulators/lab/index.ts';
import { newHostKey } from '../../simulators/ssh/server.ts';
import {
  childControllerScratch,
  exited,
  freePort,
  startChildController,
  type ChildController,
} from '../helpers/child-controller.ts';
import { runPonctl } from '../helpers/ponctl-cli.ts';

const CREDS = { username: 'noc-admin', password: 'Pw-7f3a9c1e-olt', community: 'comm-5b2d8e4f' };
const SECRETS = [CREDS.password, CREDS.community];

describe('a real network on day one (PONCTL_LAB=0)', () => {
  const scratch = childControllerScratch('ponctl-realnet-');
  const labDir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-realnet-lab-'));
  const logs: string[] = [];
  let lab: Lab | undefined;
  let ctl: ChildController | undefined;
  afterAll(async () => {
    scratch.cleanup();
    await lab?.close();
    rmSync(labDir, { recursive: true, force: true });
  });

  const env = { PONCTL_DATA_DIR: scratch.dataDir, PONCTL_LAB: '0', PONCTL_STORE: '', PONCTL_DEMO: '' };
  const cli = async (args: string[], extra: Record<string, string> = {}) => {
    const r = await runPonctl(args, { ...env, ...extra }, { cwd: scratch.dataDir });
    logs.push(r.stdout, r.stderr);
    return r;
  };
  let operator = '';
  const call = async (method: string, p: string, body?: unknown, key = operator) => {
    const res = await fetch(ctl!.url + p, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const start = async (clock: string) => {
    ctl = await startChildController({
      dataDir: scratch.dataDir,
      port: await freePort(),
      children: scratch.children,
      env: { PONCTL_DEMO: '', PONCTL_LOG_LEVEL: 'debug', PONCTL_CLOCK: clock, PONCTL_SCHEDULER_MS: '200' },
    });
  };
  const stop = async () => {
    ctl!.child.kill('SIGTERM');
    await exited(ctl!.child);
    logs.push(ctl!.output.stdout, ctl!.output.stderr);
  };
  /** The ONUs the lab's ZXA10 has configured (its own configuration: `onu N type T sn S`). */
  const onusOn = (pon?: string) =>
    [...lab!.labOlt('olt-1')!.zxa10!.cfg.pons.values()]
      .filter((p) => !pon || p.name === pon)
      .flatMap((p) => [...p.onus.values()])
      .map((e) => ({ onuId: e.id, serial: e.auth.value }));

  it('registers the lab OLT, trusts its key, imports coverage and stock, provisions an order; no secret leaks', async () => {
    lab = await Lab.start({
      olts: 1,
      pons: 1,
      onts: 4,
      profiles: ['zxa10-c300'],
      credentials: CREDS,
      dataDir: labDir,
    });
    const inv = lab.inventory().olts[0];
    expect(statSync(path.join(labDir, 'lab.json')).mode & 0o777).toBe(0o600);

    // the first key, before anyone can call the API; the start makes no demo data
    const k = await cli(['keys', 'create', '--operator', '--name', 'NOC Zagreb', '--json']);
    expect(k.code).toBe(0);
    operator = JSON.parse(k.stdout).key;
    await start('2026-03-02T08:00:00Z');
    expect(existsSync(path.join(scratch.dataDir, 'demo-keys.json'))).toBe(false);
    expect((await call('GET', '/v1/olts')).body.olts).toEqual([]);
    expect((await call('GET', '/v1/coverage?city=Zagreb')).body.addresses ?? []).toEqual([]);

    const reg = await call('POST', '/v1/olts', {
      name: 'edge-1',
      profile: 'zxa10-c300',
      site: 'POP Zagreb-Centar',
      host: inv.host,
      ports: { cli: inv.ports.cli, snmp: inv.ports.snmp },
      credentials: {
        ssh: { username: CREDS.username, password: CREDS.password },
        snmp: { community: CREDS.community },
      },
    });
    expect(reg.status).toBe(201);
    expect(reg.body.hostKey).toEqual({ state: 'pending' });
    expect(reg.body.credentials).toEqual({
      ssh: { username: CREDS.username, password: true, privateKey: false },
      snmp: { community: true, authKey: false, privKey: false },
    });
    expect(
      (
        await call('POST', '/v1/olts', {
          ...reg.body,
          name: 'edge-1',
          credentials: { ssh: { username: 'x' } },
          id: undefined,
          hostKey: undefined,
          needsReconciliation: undefined,
        })
      ).status,
    ).toBe(400);

    // first contact: the key is recorded as pending, no credential is sent, nothing is written
    const t1 = await call('POST', '/v1/olts/edge-1/test');
    expect(t1.status).toBe(200);
    const cliProbe = t1.body.protocols.find((p: any) => p.protocol === 'cli');
    expect(cliProbe).toMatchObject({ reachable: true, authenticated: false, hostKey: inv.hostKey });
    expect(cliProbe.error.code).toBe('host-key-untrusted');
    expect(t1.body.protocols.find((p: any) => p.protocol === 'snmp')).toMatchObject({ reachable: true });
    expect(t1.body.detectedProfile).toBe('zxa10-c300');
    const pending = await call('GET', '/v1/olts/edge-1');
    expect(pending.body.hostKey).toMatchObject({ state: 'pending', presented: inv.hostKey });
    const blocked = await call('POST', '/v1/olts/edge-1/apply');
    expect(blocked.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(blocked.body)).toMatch(/host key/i);

    // trusted: the probe logs in and reads the device
    const tr = await call('POST', '/v1/olts/edge-1/trust', {});
    expect(tr.body.hostKey).toEqual({ state: 'trusted', pinned: inv.hostKey });
    const t2 = await call('POST', '/v1/olts/edge-1/test');
    expect(t2.body.protocols.find((p: any) => p.protocol === 'cli')).toMatchObject({
      reachable: true,
      authenticated: true,
    });
    expect(t2.body.onts).toBe(0);

    // coverage and stock from CSV: a bad file is refused whole with its line numbers
    const sp = JSON.parse(
      (await cli(['keys', 'create', '--sp', 'sp-one', '--region', 'Zagreb', '--json'])).stdout,
    ).key;
    const ont = inv.pons[0].onts[0];
    const pon = inv.pons[0].port;
    const bad = path.join(scratch.dataDir, 'bad.csv');
    writeFileSync(
      bad,
      `street,number,city,county,node,olt,pon,onu_id,installation\nIlica,1,Zagreb,Grad Zagreb,POP1,edge-1,${pon},1,existing\nIlica,2,Zagreb,Grad Zagreb,POP1,nowhere,${pon},x,existing\n`,
    );
    const badRun = await cli(['coverage', 'import', bad]);
    expect(badRun.code).toBe(1);
    expect(badRun.stderr).toContain('bad.csv:3: onu_id x is not 0–1023');
    expect(badRun.stderr).toContain('bad.csv:3: olt nowhere is not registered');
    expect(badRun.stderr).toContain('nothing imported');
    const cov = path.join(scratch.dataDir, 'coverage.csv');
    writeFileSync(
      cov,
      `street,number,city,county,node,olt,pon,onu_id,installation\nIlica,1,Zagreb,Grad Zagreb,POP1,edge-1,${pon},${ont.id},existing\n`,
    );
    expect((await cli(['coverage', 'import', cov])).stdout).toContain('imported 1 addresses');
    const stock = path.join(scratch.dataDir, 'stock.csv');
    writeFileSync(stock, `sp,serial\nsp-one,${ont.serial}\n`);
    expect((await cli(['stock', 'import', stock])).stdout).toContain('imported 1 ONTs');

    const order = await call(
      'POST',
      '/v1/orders',
      {
        form: 'BSNA',
        category: 'activation',
        address: {
          street: 'Ilica',
          number: '1',
          city: 'Zagreb',
          county: 'Grad Zagreb',
          flat: '1',
          floor: '0',
        },
        contact: { name: 'Ana Anić', phone: '+385 1 555 0101' },
        ownerInstallsHome: false,
        ontSerial: ont.serial,
        accessLevel: 'regional',
        services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
      },
      sp,
    );
    expect(order.status).toBe(202);
    // time passes: the controller restarts on the planned date and carries the order out
    await stop();
    await start(`${order.body.plannedDate}T07:00:00Z`);
    let state = '';
    for (let i = 0; i < 150 && state !== 'completed'; i++) {
      state = (await call('GET', `/v1/orders/${order.body.id}`, undefined, sp)).body.status;
      if (state !== 'completed') await new Promise((r) => setTimeout(r, 200));
    }
    expect(state).toBe('completed');
    expect(onusOn(pon)[0]?.serial).toBe(ont.serial);

    // the lab OLT comes back with another host key: writes stop, a critical alarm, until trusted
    const ports = { ...inv.ports };
    await lab.close();
    lab = await Lab.start({
      olts: 1,
      pons: 1,
      onts: 4,
      profiles: ['zxa10-c300'],
      credentials: CREDS,
      hostKey: newHostKey(),
      ports: { olts: [ports] },
    });
    const newKey = lab.inventory().olts[0].hostKey;
    expect(newKey).not.toBe(inv.hostKey);
    const refused = await call('POST', '/v1/olts/edge-1/apply');
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(onusOn()).toEqual([]); // nothing written
    const changed = await call('GET', '/v1/olts/edge-1');
    expect(changed.body.hostKey).toMatchObject({ state: 'changed', pinned: inv.hostKey, presented: newKey });
    let alarms: any[] = [];
    for (let i = 0; i < 50 && !alarms.length; i++) {
      alarms = (await call('GET', '/v1/alarms?olt=edge-1')).body.alarms.filter(
        (a: any) => a.type === 'olt-host-key-changed' && !a.isCleared,
      );
      if (!alarms.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(alarms[0]).toMatchObject({ severity: 'critical', resource: 'edge-1' });
    const trusted = await call('POST', '/v1/olts/edge-1/trust', { hostKey: newKey });
    expect(trusted.body.hostKey).toEqual({ state: 'trusted', pinned: newKey });
    expect(trusted.body.needsReconciliation).toBe(true);
    const cleared = (await call('GET', '/v1/alarms?olt=edge-1')).body.alarms.find(
      (a: any) => a.type === 'olt-host-key-changed',
    );
    expect(cleared.isCleared).toBe(true);
    const applied = await call('POST', '/v1/olts/edge-1/reconcile');
    expect(applied.status).toBe(200);
    expect(onusOn(pon)[0]?.serial).toBe(ont.serial);

    // removing an OLT that carries a subscriber is refused with its reason
    const rm = await call('DELETE', '/v1/olts/edge-1');
    expect(rm.status).toBe(409);
    expect(rm.body.error.code).toBe('OLT_HAS_SUBSCRIBERS');
    await stop();

    // no device secret in the store files or in any log line of the run
    const files = readdirSync(scratch.dataDir).filter(
      (f) => !f.startsWith('secret.key') && !f.endsWith('.csv'),
    );
    expect(files.some((f) => f.startsWith('ponctl.sqlite'))).toBe(true);
    const stored = Buffer.concat(files.map((f) => readFileSync(path.join(scratch.dataDir, f))));
    const logText = logs.join('\n');
    expect(logText.length).toBeGreaterThan(1000);
    for (const s of SECRETS) {
      expect([s, stored.includes(s)]).toEqual([s, false]);
      expect([s, logText.includes(s)]).toEqual([s, false]);
    }
    for (const f of files.filter((x) => x.startsWith('ponctl.sqlite')))
      expect([f, statSync(path.join(scratch.dataDir, f)).mode & 0o777]).toEqual([f, 0o600]);
  }, 240_000);
});
