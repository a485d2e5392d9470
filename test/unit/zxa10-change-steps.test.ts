/**
 * ConfigDiff → ZXA10 lines, both families: every line the driver types has a shape some public
 * fixture shows (no invented command), a subscriber written and read back as the device would list
 * it gives the same configuration, a channel added to a real ONU types only that channel, changes
 * without a public undo rebuild the ONU, and what the device cannot carry is a note on the plan.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { readDeviceProfileFile } from '../../src/protocols/device-profile-files.ts';
import {
  dialectFromProfile,
  type Zxa10Dialect,
} from '../../src/adapters/driven/olt/zxa10-cli/zxa10-dialect.ts';
import { matchLine, type LineTemplate } from '../../src/adapters/driven/olt/zxa10-cli/line-template.ts';
import { readRunningConfig } from '../../src/adapters/driven/olt/zxa10-cli/config-reader.ts';
import { projectDesired, toOltConfig } from '../../src/adapters/driven/olt/zxa10-cli/config-projection.ts';
import { planCliSteps, type CliLine } from '../../src/adapters/driven/olt/zxa10-cli/change-steps.ts';
import { onuCreateLines, profileLines } from '../../src/adapters/driven/olt/zxa10-cli/onu-commands.ts';
import { unwrapLines } from '../../src/adapters/driven/olt/zxa10-cli/replies.ts';
import { diffOltConfig } from '../../src/domain/olt-config/diff.ts';
import type { OltConfig, VAni } from '../../src/domain/olt-config/model.ts';
import {
  subscriberTrafficProfiles,
  subscriberVAni,
  vlanPlanFor,
} from '../../src/domain/provisioning/index.ts';
import { fixtureBody, fixturePath, fixtureWith } from '../helpers/zxa10-fixtures.ts';

const c300 = dialectFromProfile(readDeviceProfileFile('zxa10-c300') as never);
const c600 = dialectFromProfile(readDeviceProfileFile('zxa10-c600') as never);

/** Every line of every fixture body, unwrapped, without prompts, tool prefixes, quotes and backticks. */
const CORPUS: string[] = ['c300', 'c600', 'errors', 'snmp'].flatMap((dir) =>
  readdirSync(fixturePath(`${dir}/`)).flatMap((f) =>
    unwrapLines(fixtureBody(`${dir}/${f}`).split('\n'), 80).map((l) =>
      l
        .replace(/^[^\s#]*?\([^)]*\)#|^[\w.-]+#|^>\s/, '')
        .replace(/[`"',]|<\/?p>/g, ' ')
        .trim(),
    ),
  ),
);

/** Does some fixture line hold a run of words of this shape? */
function inCorpus(tpl: LineTemplate): boolean {
  return CORPUS.some((line) => {
    const words = line.split(/\s+/);
    for (let i = 0; i < words.length; i++)
      for (let j = words.length; j > i; j--) if (matchLine(tpl, words.slice(i, j).join(' '))) return true;
    return false;
  });
}

/** Shapes the corpus shows only in a sibling form, and which (reviewed by hand). */
const SIBLING_FORMS: Record<string, string> = {
  'interface eth {uni} state lock':
    '`interface eth eth_0/3 state unlock` live (c300/session-pon-onu-mng-prompts-c320.txt), `interface pots|wifi … state lock` (c300/provision-djing2-f660-trunk-c320.txt)',
  'pppoe-plus disable vport {vport}': 'c300/undo-forms-nso-ned.txt writes it `pppoe-plus disable vport *`',
};

const intent = (
  onuId: number,
  services: Parameters<typeof subscriberVAni>[0]['services'],
  suspended = false,
) => ({
  adapterId: `A-${String(onuId).padStart(8, '0')}`,
  port: { olt: 'olt-2', pon: '1/1/1', onuId },
  ontSerial: 'ZTEG0001000' + (onuId % 10),
  onuType: 'ZXHN-F601',
  services,
  vlans: vlanPlanFor(1010),
  suspended,
});
const ALL = { internet: '300/150', iptv: 50, voip: '1/1', management: true } as const;

function desiredOf(vanis: VAni[]): OltConfig {
  const profiles = new Map(subscriberTrafficProfiles(ALL).map((p) => [p.name, p]));
  return { trafficProfiles: [...profiles.values()], channelTerminations: [{ name: '1/1/1', onus: vanis }] };
}

const ctx = (current: OltConfig) => ({
  current,
  profileUses: () => new Set<never>(),
  hasForeignServices: () => false,
});

/** A running-config listing of typed lines, grouped per mode as the device lists them. */
function asListing(d: Zxa10Dialect, lines: CliLine[]): string {
  const out: string[] = [];
  for (const l of lines) {
    if (l.context) out.push(l.context, `  ${l.line}`, d.blockEnd);
    else out.push(l.line);
  }
  return out.join('\n');
}

describe.each([
  ['zxa10-c300', c300],
  ['zxa10-c600', c600],
])('%s lines', (_name, d) => {
  const desired = desiredOf([subscriberVAni(intent(5, ALL))]);
  const { config, unsupported } = projectDesired(desired, d);

  it('every shape the driver types is in a public fixture', () => {
    const used = Object.values(d.lines)
      .filter((s) => !s.readOnly)
      .flatMap((s) => [s.write, ...(s.undo ? [s.undo] : [])]);
    expect(used.length).toBeGreaterThan(d === c300 ? 20 : 15);
    const missing = used.filter((t) => !inCorpus(t)).map((t) => t.source);
    expect(missing.filter((s) => !SIBLING_FORMS[s])).toEqual([]);
  });

  it('a new subscriber written and listed back reads as the desired configuration', () => {
    const lines = [
      ...config.trafficProfiles.flatMap((p) => profileLines(d, p, new Set(['tcont', 'rate']))),
      ...onuCreateLines(d, '1/1/1', config.channelTerminations[0].onus[0]),
    ];
    const back = toOltConfig(readRunningConfig(asListing(d, lines), d), d);
    expect(diffOltConfig(back, config, { onus: [{ port: '1/1/1', onuId: 5 }] }).changes).toEqual([]);
  });

  it('what the device cannot carry is a note on the plan, never a line', () => {
    const notes = unsupported.map((u) => `${u.channel}.${u.setting}=${u.requested}`).sort();
    const vlans = desired.channelTerminations[0].onus[0].vlans;
    const expected = ['iptv.multicast=true', 'iptv.dot1p=2', 'voip.dot1p=5'];
    for (const v of vlans) expected.push(`${v.channel}.macForcedForwarding=true`);
    if (d === c300) for (const v of vlans) expected.push(`${v.channel}.macLimit=${v.macLimit}`);
    else {
      expected.push('internet.pppoeFilter=true');
      for (const v of vlans)
        expected.push(`${v.channel}.dhcpSnooping=true`, `${v.channel}.antiSpoofing=true`);
    }
    expect(notes).toEqual(expected.sort());
    expect(unsupported.every((u) => !u.refused && u.reason.length > 20)).toBe(true);
    const typed = onuCreateLines(d, '1/1/1', config.channelTerminations[0].onus[0])
      .map((l) => l.line)
      .join('\n');
    expect(typed).not.toMatch(/mac-forced|igmp|snooping enable sport|cos /);
  });
});

describe('planning against a real C3xx ONU (c300/show-running-config-interface-gpon-onu-c3xx.txt)', () => {
  const dev = readRunningConfig(
    fixtureWith('c300/show-running-config-interface-gpon-onu-c3xx.txt', { xxx: '100', yyy: '200' }),
    c300,
  );
  // the capture shows the ONU interface only; its `onu 1 type … sn …` line lives under the PON port
  const read = toOltConfig(dev, c300);
  const onu = {
    ...read.channelTerminations[0].onus[0],
    onuType: 'ZXHN-F601',
    expectedSerial: 'ZTEG00000001',
  };
  const actual = { ...read, channelTerminations: [{ name: '1/1/1', onus: [onu] }] };
  const scope = { onus: [{ port: '1/1/1', onuId: 1 }] };

  it('adding IPTV types only the IPTV lines: no existing T-CONT or GEM port is touched', () => {
    const iptv = subscriberVAni(intent(1, { iptv: 50 })).vlans[0];
    const after: VAni = {
      ...onu,
      tconts: [...onu.tconts, { id: 4, trafficProfile: iptv.upstreamProfile }],
      gemports: [...onu.gemports, { id: 4, tcont: 4 }],
      vlans: [...onu.vlans, { ...iptv, dot1p: 0, macForcedForwarding: false, multicast: false, macLimit: 0 }],
    };
    const desired = { ...actual, channelTerminations: [{ name: '1/1/1', onus: [after] }] };
    const steps = planCliSteps(c300, diffOltConfig(actual, desired, scope), ctx(actual));
    expect(steps.map((s) => s.line)).toEqual([
      'tcont 4 name iptv profile PONCTL-U1M',
      'gemport 4 name iptv tcont 4',
      'gemport 4 traffic-limit downstream PONCTL-D50M-A',
      'switchport mode hybrid vport 4',
      'service-port 4 vport 4 user-vlan 1013 vlan 1013',
      'ip dhcp snooping enable vport 4',
      'ip-service ip-source-guard enable sport 4',
      'service iptv gemport 4 vlan 1013',
      'vlan port eth_0/1 mode trunk',
      'vlan port eth_0/1 vlan 100,200,1013',
    ]);
  });

  it('removing a service rebuilds the ONU (no public undo of a service-port)', () => {
    const desired = {
      ...actual,
      channelTerminations: [{ name: '1/1/1', onus: [{ ...onu, vlans: [onu.vlans[0]] }] }],
    };
    const steps = planCliSteps(c300, diffOltConfig(actual, desired, scope), ctx(actual));
    expect(steps[0]).toMatchObject({ context: 'interface gpon-olt_1/1/1', line: 'no onu 1' });
    expect(steps.map((s) => s.line)).not.toContain('service-port 2 vport 2 user-vlan 200 vlan 200');
    expect(steps.map((s) => s.line)).toContain('service-port 1 vport 1 user-vlan 100 vlan 100');
  });

  it('suspending every channel locks the user port; resuming unlocks it', () => {
    const suspended = { ...onu, vlans: onu.vlans.map((v) => ({ ...v, adminState: 'suspended' as const })) };
    const desired = { ...actual, channelTerminations: [{ name: '1/1/1', onus: [suspended] }] };
    const steps = planCliSteps(c300, diffOltConfig(actual, desired, scope), ctx(actual));
    expect(steps.map((s) => `${s.context} | ${s.line}`)).toEqual([
      'pon-onu-mng gpon-onu_1/1/1:1 | interface eth eth_0/1 state lock',
    ]);
    const { unsupported } = projectDesired(
      {
        ...desired,
        channelTerminations: [
          { name: '1/1/1', onus: [{ ...suspended, vlans: [suspended.vlans[0], onu.vlans[1]] }] },
        ],
      },
      c300,
    );
    expect(unsupported.filter((u) => u.refused).map((u) => u.setting)).toEqual(['adminState']);
  });
});
