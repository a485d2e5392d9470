/**
 * Issue 12 "What must be shown", against a BBF NETCONF server whose datastore libyang validates
 * (test/helpers/libyang-netconf-server.ts): ncclient (no one here wrote it) provisions one subscriber
 * by hand — the research's reference instance, edit-config of BBF data + commit — and ponctl reads it
 * back as exactly the subscriber it would have written (plans nothing); and the reverse: ponctl
 * provisions, ncclient reads BBF data. Then the operational state: ONU presence per v-ANI, the
 * unconfigured ONU (bbf-xpon-onu-state) through the driver and through the telemetry port. yangcli
 * (yuma123) provisions by hand too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BBF_FIXTURES, bbfYang, ncclientProvision, ncclientRunningValid } from '../helpers/bbf-yang.ts';
import { startLibyangNetconf, type LibyangNetconfServer } from '../helpers/libyang-netconf-server.ts';
import { BBF_INFRASTRUCTURE } from '../helpers/bbf-infrastructure.ts';
import { standardsDir } from '../helpers/shared-dir.ts';
import { toXml } from '../helpers/xml-edit-apply.ts';
import { scanXml } from '../../src/adapters/driven/olt/netconf/xml-scan.ts';
import { NetconfOltDriver } from '../../src/adapters/driven/olt/netconf/netconf-driver.ts';
import type { BbfConfigModel } from '../../src/adapters/driven/olt/netconf/bbf/bbf-model.ts';
import { NetworkTelemetry } from '../../src/adapters/driven/telemetry/network-telemetry.ts';
import { desiredOltConfig, vlanPlanFor, type SubscriberIntent } from '../../src/domain/provisioning/index.ts';

/** The reference instance minus the infrastructure the OLT already has (PON 1/1/1, uplink). */
function referenceSubscriber(): string {
  return readFileSync(path.join(BBF_FIXTURES, 'one-subscriber.xml'), 'utf8')
    .replace(/^<\?xml[^>]*>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<interface>\s*<name>(cg|cpart|cpair|ct)-1\.1\.1<\/name>[\s\S]*?<\/interface>/g, '')
    .replace(/<interface>\s*<name>uplink-1<\/name>[\s\S]*?<\/interface>/, '');
}

/** yangcli in batch mode with the BBF modules on its module path; stdout and stderr. */
function yangcli(port: number, script: string, home: string): Promise<string> {
  const S = standardsDir()!;
  const B = path.join(S, 'bbf-yang/standard');
  return new Promise((resolve, reject) => {
    execFile(
      'yangcli',
      [
        '--server=127.0.0.1',
        `--ncport=${port}`,
        `--user=${server.username}`,
        `--password=${server.password}`,
        `--modpath=${[`${B}/common`, `${B}/interface`, `${B}/networking`, `${S}/ietf-yang`, `${S}/iana-yang`, '/usr/share/yuma/modules'].join(':')}`,
        '--batch-mode',
        '--display-mode=xml',
        `--run-script=${script}`,
      ],
      { env: { ...process.env, HOME: home }, timeout: 90_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        err && !stdout ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout + stderr),
    ).stdin?.end();
  });
}

let server: LibyangNetconfServer;
const creds = () => ({ username: server.username, password: server.password });
const driver = () => new NetconfOltDriver({ host: '127.0.0.1', port: server.port, ...creds() });
const reference: SubscriberIntent = {
  adapterId: 'A-00000042',
  port: { olt: 'olt-1', pon: '1/1/1', onuId: 5 },
  ontSerial: 'ZTEGC0FFEE01',
  onuType: 'ZXHN-F601',
  services: { internet: '300/150', management: true, voip: '2/2', iptv: 100 },
  vlans: vlanPlanFor(1000),
  suspended: false,
};

beforeAll(async () => {
  server = await startLibyangNetconf(bbfYang(), { infrastructure: BBF_INFRASTRUCTURE });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe('ncclient and ponctl on the same BBF OLT', () => {
  it('ncclient provisions the reference subscriber by hand; ponctl reads it back and plans nothing', async () => {
    server.reset();
    expect((await ncclientProvision({ port: server.port, ...creds() }, referenceSubscriber())).ok).toBe(true);
    expect(server.running()).toContain('<expected-serial-number>ZTEGC0FFEE01</expected-serial-number>');
    const d = driver();
    await d.connect();
    try {
      const desired = desiredOltConfig([reference]);
      const diff = d.plan(desired, await d.readConfig(), { ports: ['1/1/1'] });
      expect(diff.changes).toEqual([]);
      expect((await d.verify(desired, { ports: ['1/1/1'] })).ok).toBe(true);
    } finally {
      await d.close();
    }
  });

  it('ponctl provisions; ncclient reads BBF data libyang accepts: the serial on a v-ANI, write-pbit 0, 0, 5, 2', async () => {
    server.reset();
    const d = driver();
    await d.connect();
    try {
      const desired = desiredOltConfig([reference]);
      const r = await d.apply(d.plan(desired, await d.readConfig(), { ports: ['1/1/1'] }), { dryRun: false });
      expect(r.committed && r.verified).toBe(true);
    } finally {
      await d.close();
    }
    const { errors, running } = await ncclientRunningValid({ port: server.port, ...creds() });
    expect(errors).toEqual([]);
    expect(running).toMatch(
      /<name>vani-A-00000042<\/name>[\s\S]*?<expected-serial-number>ZTEGC0FFEE01<\/expected-serial-number>/,
    );
    const pbits = ['internet', 'management', 'voip', 'iptv'].map((c) => {
      const m = new RegExp(`<name>vsi-A-00000042-${c}</name>[\\s\\S]*?<write-pbit>(\\d)</write-pbit>`).exec(
        running,
      );
      return Number(m?.[1]);
    });
    expect(pbits).toEqual([0, 0, 5, 2]);
  });
});

describe('yangcli (yuma123) on the same BBF OLT', () => {
  it('yangcli provisions the reference subscriber by hand (edit-config per container, commit); ponctl plans nothing', async () => {
    server.reset();
    const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-yangcli-'));
    // yangcli's `config=@file` takes one element per file: one edit-config per top-level container
    const tops = scanXml(`<data>${referenceSubscriber()}</data>`).children;
    const lines = tops.map((t, i) => {
      const f = path.join(dir, `c${i}.xml`);
      writeFileSync(f, toXml(t));
      return `edit-config target=candidate config=@${f}`;
    });
    writeFileSync(path.join(dir, 'script'), [...lines, 'commit'].join('\n') + '\n');
    const out = await yangcli(server.port, path.join(dir, 'script'), dir);
    expect(out.match(/RPC OK Reply/g), out.slice(-2000)).toHaveLength(tops.length + 1);
    const d = driver();
    await d.connect();
    try {
      expect(
        d.plan(desiredOltConfig([reference]), await d.readConfig(), { ports: ['1/1/1'] }).changes,
      ).toEqual([]);
    } finally {
      await d.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('ONU state from the operational datastore', () => {
  it('the driver reads presence per v-ANI and the unconfigured ONUs; the telemetry port gives the ONT table', async () => {
    server.reset();
    expect((await ncclientProvision({ port: server.port, ...creds() }, referenceSubscriber())).ok).toBe(true);
    server.present = [
      { pon: '1/1/1', serial: 'ZTEGC0FFEE01' },
      { pon: '1/1/1', serial: 'ZTEG00BADC0D', firstSeen: '2026-12-04T09:12:07Z' },
    ];
    const d = driver();
    await d.connect();
    try {
      expect(await d.readUnconfiguredOnus()).toEqual([
        { pon: '1/1/1', serial: 'ZTEG00BADC0D', firstSeen: '2026-12-04T09:12:07Z' },
      ]);
      const state = await (d.dataModel as BbfConfigModel).readOnuState(d.netconf, [], ['vani-A-00000042']);
      expect(state.vanis.get('vani-A-00000042')).toMatchObject({ onuId: 5, detectedSerial: 'ZTEGC0FFEE01' });
    } finally {
      await d.close();
    }
    const table = new NetworkTelemetry().ontTable({
      name: 'olt-bbf',
      profile: 'bbf-tr385',
      host: '127.0.0.1',
      snmp: { port: 1, version: 'v2c' },
      hostKey: server.hostKeyFingerprint,
      netconf: { port: server.port, ...creds() },
    });
    try {
      expect(await table.read({ identity: true })).toEqual([
        { pon: '1/1/1', onuId: 5, phase: 'working', serial: 'ZTEGC0FFEE01', description: 'A-00000042' },
      ]);
      server.present = [];
      expect(await table.read({ identity: false })).toEqual([{ pon: '1/1/1', onuId: 5, phase: 'offline' }]);
    } finally {
      table.close();
    }
  });
});
