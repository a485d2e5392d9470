/**
 * Every public running-config fixture (test/fixtures/zxa10/) read by the driver: nothing unknown
 * that matters (only the lines the fixture's author mangled or elided, named here), every T-CONT and
 * GEM port found (issue 18: a real config once read as "0 T-CONTs and 0 GEM ports"), and reconcile
 * against it plans nothing: no change, no command. Redactions (`xxx`) are replaced as stated per case.
 * And a whole C3xx of 4 096 ONUs, listed as the driver's own lines, reads back whole in under a second
 * of CPU (the scale case the removed legacy parser's test held).
 */
import { describe, expect, it } from 'vitest';
import { readDeviceProfileFile } from '../../src/protocols/device-profile-files.ts';
import {
  dialectFromProfile,
  type Zxa10Dialect,
} from '../../src/adapters/driven/olt/zxa10-cli/zxa10-dialect.ts';
import { readRunningConfig } from '../../src/adapters/driven/olt/zxa10-cli/config-reader.ts';
import { projectDesired, toOltConfig } from '../../src/adapters/driven/olt/zxa10-cli/config-projection.ts';
import { planCliSteps, type CliLine } from '../../src/adapters/driven/olt/zxa10-cli/change-steps.ts';
import { onuCreateLines, profileLines } from '../../src/adapters/driven/olt/zxa10-cli/onu-commands.ts';
import { diffOltConfig } from '../../src/domain/olt-config/diff.ts';
import type { OltConfig } from '../../src/domain/olt-config/model.ts';
import {
  subscriberTrafficProfiles,
  subscriberVAni,
  vlanPlanFor,
} from '../../src/domain/provisioning/index.ts';
import { fixtureWith } from '../helpers/zxa10-fixtures.ts';

const c300 = dialectFromProfile(readDeviceProfileFile('zxa10-c300') as never);
const c600 = dialectFromProfile(readDeviceProfileFile('zxa10-c600') as never);

interface Case {
  file: string;
  d: Zxa10Dialect;
  /** The author's redactions and their stand-ins. */
  redactions?: Record<string, string>;
  /** Lines the author mangled or elided (not device output), which must be the only unknown ones. */
  mangled?: string[];
}

const CASES: Case[] = [
  {
    file: 'c300/show-running-config-interface-gpon-onu-c3xx.txt',
    d: c300,
    redactions: { xxx: '100', yyy: '200' },
  },
  // the author's note tool removed the space in "description IRONMAN" (fixture notes)
  {
    file: 'c300/show-running-config-gpon-onu-multi-gemport-c320.txt',
    d: c300,
    mangled: ['descriptionIRONMAN'],
  },
  // "..." are the author's elisions of the "after" listing (fixture notes)
  {
    file: 'c300/show-onu-running-config-c3xx.txt',
    d: c300,
    redactions: { 'xxx-yyy': '100-200', xxx: '100' },
    mangled: ['...', '...', '...', '...'],
  },
  { file: 'c300/show-onu-running-config-services-c320.txt', d: c300 },
  { file: 'c300/session-nso-ned-live-status-c320.txt', d: c300 },
  { file: 'c600/running-config-c620-two-onus.txt', d: c600 },
  { file: 'c600/running-config-c620-onu-profile-stormcontrol.txt', d: c600 },
];

function read(c: Case) {
  const dev = readRunningConfig(fixtureWith(c.file, c.redactions ?? {}), c.d);
  return { dev, cfg: toOltConfig(dev, c.d) };
}

function allOnus(cfg: OltConfig) {
  return cfg.channelTerminations.flatMap((ct) => ct.onus.map((o) => ({ port: ct.name, onuId: o.onuId })));
}

describe.each(CASES)('running-config $file', (c) => {
  it('has nothing unknown but what its author mangled', () => {
    expect(read(c).dev.unknown.map((u) => u.text)).toEqual(c.mangled ?? []);
  });

  it('reconcile against it plans no change and no command', () => {
    const { dev, cfg } = read(c);
    const { config, unsupported } = projectDesired(cfg, c.d);
    expect(unsupported).toEqual([]);
    const diff = diffOltConfig(cfg, config, { onus: allOnus(cfg), trafficProfiles: 'all' });
    expect(diff.changes).toEqual([]);
    const steps = planCliSteps(c.d, diff, {
      current: cfg,
      profileUses: () => new Set(),
      hasForeignServices: (pon, id) => (dev.onus.get(`${pon}:${id}`)?.servicePorts.size ?? 0) > 0,
    });
    expect(steps).toEqual([]);
  });
});

describe('what the reader finds', () => {
  it('C3xx ONU interface: named GEM ports on two T-CONTs, two services by GEM name (c300/show-running-config-interface-gpon-onu-c3xx.txt)', () => {
    const { cfg } = read(CASES[0]);
    const onu = cfg.channelTerminations[0].onus[0];
    expect(onu.tconts).toEqual([
      { id: 1, trafficProfile: 'UPTO-75M' },
      { id: 2, trafficProfile: 'UP-1M' },
    ]);
    expect(onu.gemports).toEqual([
      { id: 1, tcont: 1 },
      { id: 2, tcont: 2 },
    ]);
    expect(onu.vlans.map((v) => [v.channel, v.servicePort, v.gemport, v.userVlan, v.vlan])).toEqual([
      ['internet', 1, 1, 100, 100],
      ['management', 2, 2, 200, 200],
    ]);
    expect(onu.vlans[0]).toMatchObject({
      downstreamProfile: 'UPTO-75M',
      upstreamProfile: 'UPTO-75M',
      pppoeFilter: false,
    });
    expect(onu.vlans[1]).toMatchObject({
      downstreamProfile: '',
      upstreamProfile: 'UP-1M',
      pppoeFilter: true,
    });
  });

  it('C320 older VLAN model: three GEM ports on one T-CONT, no service-ports (c300/show-running-config-gpon-onu-multi-gemport-c320.txt)', () => {
    const { dev, cfg } = read(CASES[1]);
    const onu = cfg.channelTerminations[0].onus[0];
    expect(onu.tconts).toEqual([{ id: 1, trafficProfile: 'share' }]);
    expect(onu.gemports.map((g) => g.tcont)).toEqual([1, 1, 1]);
    expect(onu.vlans).toEqual([]);
    const d = dev.onus.get('1/4/1:2')!;
    expect([...d.vports.entries()].map(([k, v]) => [k, v.switchportVlans])).toEqual([
      [1, '212'],
      [2, '121'],
      [3, '122'],
    ]);
    expect(d.gemports.get(2)?.downProfile).toBe('300m');
    expect(d.unmanaged).toContain('gemport 1 flow 1');
  });

  it('C320 pon-onu-mng services with free names stay in the device model (c300/show-onu-running-config-services-c320.txt)', () => {
    const { dev } = read(CASES[3]);
    const d = dev.onus.get('1/2/11:8')!;
    expect([...d.services.values()].map((s) => `${s.name}/${s.gemport}/${s.vlans}`)).toEqual([
      'Internet-Customer1/1/671',
      'OAM/2/1450',
      'Internet-Customer2/3/1490',
    ]);
    expect(d.unis.get('eth_0/3')).toEqual({ mode: 'tag', vlan: 1490 });
  });

  it('C620: profiles through the 80-column wrap, vport service-ports, MAC limit, egress rate (c600/running-config-c620-*.txt)', () => {
    const a = read(CASES[5]);
    expect(a.dev.rateProfiles.get('DW50M')).toEqual({
      name: 'DW50M',
      kind: 'qos',
      cirKbps: 51200,
      pirKbps: 51200,
    });
    expect(a.dev.rateProfiles.size).toBe(8);
    expect(a.dev.tcontProfiles.get('T1G')).toEqual({ name: 'T1G', maxKbps: 1024000 });
    const onu1 = a.dev.onus.get('1/1/1:1')!;
    expect([...onu1.servicePorts.values()]).toEqual([{ sp: 1, vport: 1, userVlan: 360, vlan: 360 }]);
    expect(onu1.vports.get(1)?.macLimit).toBe(4);
    expect(a.cfg.channelTerminations[0].onus.map((o) => [o.onuId, o.onuType, o.expectedSerial])).toEqual([
      [1, 'F601', 'FHTT6A9B7700'],
      [2, 'XGPONONU', 'CDTC1DFFB038'],
    ]);
    expect(a.cfg.channelTerminations).toHaveLength(16);
    const b = read(CASES[6]);
    expect([...b.dev.onus.get('1/1/1:1')!.servicePorts.values()][0]).toMatchObject({
      vlan: 311,
      downProfile: '500M',
    });
  });

  it('C620 services project onto channels once their names are channel names', () => {
    // the operator named the service after its VLAN (`vlan311`); as ponctl names it, it is a channel
    const named = { ...c600, channelNames: { ...c600.channelNames, internet: 'vlan311' } };
    const { cfg } = read({ ...CASES[6], d: named });
    expect(cfg.channelTerminations[0].onus[0].vlans).toEqual([
      {
        channel: 'internet',
        gemport: 1,
        servicePort: 1,
        userVlan: 311,
        vlan: 311,
        dot1p: 0,
        downstreamProfile: '500M',
        upstreamProfile: 'T500M',
        macLimit: 4,
        dhcpSnooping: false,
        antiSpoofing: false,
        pppoeFilter: false,
        macForcedForwarding: false,
        multicast: false,
        adminState: 'enabled',
      },
    ]);
  });
});

/** Lines as the device lists them: each run of lines of one mode as a block, closed by `!`. */
function listing(d: Zxa10Dialect, lines: readonly CliLine[]): string {
  const out: string[] = [];
  let ctx: string | undefined;
  for (const l of lines) {
    if (l.context !== ctx && ctx) out.push(d.blockEnd);
    if (l.context !== ctx && l.context) out.push(l.context);
    ctx = l.context;
    out.push(l.context ? `  ${l.line}` : l.line);
  }
  if (ctx) out.push(d.blockEnd);
  return out.join('\n');
}

describe('a whole OLT: 4 096 ONUs × 4 services (32 PON ports × 128, the C3xx maximum per port)', () => {
  it('reads back every ONU and service, nothing unknown, in under a second of CPU', () => {
    const ALL = { internet: '300/150', iptv: 50, voip: '1/1', management: true } as const;
    const pons = Array.from({ length: 32 }, (_, i) => `1/${1 + (i >> 4)}/${1 + (i % 16)}`);
    const desired: OltConfig = {
      trafficProfiles: subscriberTrafficProfiles(ALL),
      channelTerminations: pons.map((pon, p) => ({
        name: pon,
        onus: Array.from({ length: 128 }, (_, i) =>
          subscriberVAni({
            adapterId: `A-${String(p * 128 + i).padStart(8, '0')}`,
            port: { olt: 'olt-2', pon, onuId: i + 1 },
            ontSerial: `ZTEG${(p * 128 + i).toString(16).toUpperCase().padStart(8, '0')}`,
            onuType: 'ZXHN-F601',
            services: ALL,
            vlans: vlanPlanFor(1010),
            suspended: false,
          }),
        ),
      })),
    };
    const { config } = projectDesired(desired, c300);
    const text = listing(c300, [
      ...config.trafficProfiles.flatMap((p) => profileLines(c300, p, new Set(['tcont', 'rate']))),
      ...config.channelTerminations.flatMap((ct) => ct.onus.flatMap((o) => onuCreateLines(c300, ct.name, o))),
    ]);
    // CPU time, best of 3: the reader's cost, not the load other test files put on the machine
    let dev = readRunningConfig('', c300);
    let readMs = Infinity;
    for (let k = 0; k < 3; k++) {
      const t = process.cpuUsage();
      dev = readRunningConfig(text, c300);
      const u = process.cpuUsage(t);
      readMs = Math.min(readMs, (u.user + u.system) / 1000);
    }
    const back = toOltConfig(dev, c300);
    console.log(`4096 ONUs: read ${readMs.toFixed(0)} ms CPU (${text.length} bytes)`);
    expect(dev.unknown).toEqual([]);
    expect(back.channelTerminations.flatMap((c) => c.onus)).toHaveLength(4096);
    expect(back.channelTerminations.flatMap((c) => c.onus.map((o) => o.vlans.length))).toEqual(
      Array(4096).fill(4),
    );
    const all = config.channelTerminations.flatMap((ct) =>
      ct.onus.map((o) => ({ port: ct.name, onuId: o.onuId })),
    );
    expect(diffOltConfig(back, config, { onus: all }).changes).toEqual([]);
    expect(readMs).toBeLessThan(1000);
  });
});
