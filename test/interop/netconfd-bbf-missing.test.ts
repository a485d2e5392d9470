/**
 * Issue 12 "What must be shown": against a server that lacks a needed module, ponctl refuses with an
 * error naming the module and writes nothing. The server is yuma123 `netconfd` (Debian; no one here
 * wrote it) loaded with the part of the BBF set it compiles — no bbf-xpon, bbf-xponvani,
 * bbf-xpongemtcont, bbf-sub-interfaces, bbf-qos-policing, bbf-l2-forwarding, bbf-mgmd (yuma123 2.13
 * cannot compile them: `if-feature` in `refine`, identityref bases across submodules) — which is what
 * an OLT with a reduced library looks like. It announces its library the RFC 7895 way
 * (`yang-library:1.0`, `/modules-state`), so this also drives the driver's pre-NMDA path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNetconfd, type NetconfdLab } from '../helpers/netconfd.ts';
import { standardsDir } from '../helpers/shared-dir.ts';
import { NetconfOltDriver } from '../../src/adapters/driven/olt/netconf/netconf-driver.ts';
import type { BbfConfigModel } from '../../src/adapters/driven/olt/netconf/bbf/bbf-model.ts';
import { MissingCapabilityError } from '../../src/application/ports/olt-driver/errors.ts';
import { emptyOltConfig } from '../../src/domain/olt-config/model.ts';
import { desiredOltConfig, vlanPlanFor } from '../../src/domain/provisioning/index.ts';

const S = standardsDir();
const B = S && path.join(S, 'bbf-yang/standard');
const PRESENT = [
  'ietf-interfaces',
  'bbf-xpon-onu-types',
  'bbf-link-table',
  'bbf-interface-usage',
  'bbf-qos-classifiers',
  'bbf-qos-policies',
  'bbf-l2-dhcpv4-relay',
  'bbf-pppoe-intermediate-agent',
  'bbf-subscriber-profiles',
  'ponctl-bbf-ext',
];
let lab: NetconfdLab;
const conn = () => ({
  host: lab.host,
  port: lab.port,
  username: lab.username,
  privateKey: lab.privateKey,
  connectTimeoutMs: 10_000,
  rpcTimeoutMs: 20_000,
});

beforeAll(async () => {
  if (!S || !B) throw new Error('no ../shared/standards (set PONCTL_SHARED_DIR)');
  lab = await startNetconfd({
    modules: PRESENT,
    modpath: [
      `${B}/common`,
      `${B}/interface`,
      `${B}/networking`,
      `${S}/ietf-yang`,
      `${S}/iana-yang`,
      fileURLToPath(new URL('../../yang', import.meta.url)),
    ],
  });
}, 60_000);
afterAll(async () => {
  await lab?.stop();
});

const subscriber = desiredOltConfig([
  {
    adapterId: 'A-00000042',
    port: { olt: 'olt-1', pon: '1/1/1', onuId: 5 },
    ontSerial: 'ZTEGC0FFEE01',
    onuType: 'ZXHN-F601',
    services: { internet: '300/150', management: true, voip: '2/2', iptv: 100 },
    vlans: vlanPlanFor(1000),
    suspended: false,
  },
]);

describe('a NETCONF server lacking BBF modules (netconfd, reduced library)', () => {
  it('is read through its RFC 7895 library and reported as lacking the modules by name', async () => {
    const d = new NetconfOltDriver(conn());
    await d.connect();
    try {
      expect(d.capabilities.dataModel).toBe('bbf');
      const lib = (d.dataModel as BbfConfigModel).library!;
      expect(lib.form).toBe('rfc7895');
      expect(lib.modules.get('bbf-link-table')?.conformance).toBe('implement');
      expect(d.capabilities.missing).toEqual(
        expect.arrayContaining(['bbf-xpon', 'bbf-xponvani', 'bbf-xpongemtcont', 'bbf-mgmd']),
      );
      expect(d.capabilities.missing).not.toContain('bbf-link-table');
    } finally {
      await d.close();
    }
  });

  it('refuses to read the configuration (absence is not an empty configuration)', async () => {
    const d = new NetconfOltDriver(conn());
    await d.connect();
    try {
      const err = await d.readConfig().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MissingCapabilityError);
      const m = err as MissingCapabilityError;
      expect(m.code).toBe('missing-capability');
      expect(m.missing).toEqual(expect.arrayContaining(['bbf-xpon', 'bbf-xponvani', 'bbf-sub-interfaces']));
      expect(m.message).toContain('bbf-xpon');
    } finally {
      await d.close();
    }
  });

  it('refuses to apply an activation, naming every missing module, and writes nothing', async () => {
    const d = new NetconfOltDriver(conn());
    await d.connect();
    try {
      const before = await d.netconf.getConfig('running');
      const diff = d.plan(subscriber, emptyOltConfig());
      for (const dryRun of [true, false]) {
        const err = await d.apply(diff, { dryRun }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MissingCapabilityError);
        expect((err as MissingCapabilityError).missing).toEqual(
          expect.arrayContaining([
            'bbf-xpon',
            'bbf-xpongemtcont',
            'bbf-qos-policing',
            'bbf-l2-forwarding',
            'bbf-mgmd',
          ]),
        );
      }
      expect(await d.netconf.getConfig('running')).toBe(before);
      // nothing left behind in the candidate either
      expect(await d.netconf.getConfig('candidate')).toBe(before);
    } finally {
      await d.close();
    }
  });
});
