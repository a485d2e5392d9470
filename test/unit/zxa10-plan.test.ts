/**
 * The command steps planned from a ConfigDiff, typed into the same interpreter the simulator's shell
 * uses (with the device's checks on), turn the old configuration into the new one; their undo lines,
 * typed in reverse order, give the old configuration back — for random pairs of configurations, in
 * both dialects. A dangling reference or wrong order would be answered with an %Error and fail here.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dialectFromProfile } from '../../src/adapters/driven/olt/zxa10-cli/dialect.ts';
import { readDeviceProfileFile } from '../../src/protocols/device-profile-files.ts';

const loadCliDialect = (name: string) => dialectFromProfile(readDeviceProfileFile(name));
import { diffOltConfig } from '../../src/domain/olt-config/diff.ts';
import { canonicalOltConfig } from '../../src/adapters/driven/olt/zxa10-cli/running-config.ts';
import {
  applyCliElement,
  parseCliLine,
  type CliMode,
} from '../../src/adapters/driven/olt/zxa10-cli/running-config-apply.ts';
import {
  cliScript,
  planCliSteps,
  undoScript,
} from '../../src/adapters/driven/olt/zxa10-cli/running-config-plan.ts';
import type { CliDialect } from '../../src/adapters/driven/olt/zxa10-cli/dialect.ts';
import type { OltConfig } from '../../src/domain/olt-config/model.ts';
import { oltConfigArb } from './zxa10-config-arb.ts';

/** Type `lines` (from config mode) into a validating interpreter; throws on the first error. */
function typeLines(d: CliDialect, start: OltConfig, lines: string[]): OltConfig {
  const cfg = structuredClone(start);
  let mode: CliMode = { kind: 'config' };
  for (const line of lines) {
    const p = parseCliLine(d, mode, line);
    if (p.kind === 'exit') {
      mode = { kind: 'config' };
      continue;
    }
    if (p.kind === 'enter') {
      mode = p.mode;
      continue;
    }
    if (p.kind !== 'element') throw new Error(`"${line}" in ${mode.kind}: ${JSON.stringify(p)}`);
    const err = applyCliElement(d, cfg, mode, p.element, p.op, p.values, { validate: true });
    if (err) throw new Error(`"${line}" in ${mode.kind}: ${JSON.stringify(err)}`);
  }
  return cfg;
}

/** PON ports without ONUs are not configuration a diff carries (every port exists on the device). */
function withoutEmptyPorts(c: OltConfig): OltConfig {
  const x = canonicalOltConfig(c);
  x.channelTerminations = x.channelTerminations.filter((ct) => ct.onus.length > 0);
  return x;
}

describe('ZXA10 CLI plan from a ConfigDiff', () => {
  for (const name of ['zxa10-c300', 'zxa10-c600']) {
    it(`${name}: steps reach the desired configuration, undo returns to the old one`, () => {
      const d = loadCliDialect(name);
      fc.assert(
        fc.property(oltConfigArb(true), oltConfigArb(true), (a, b) => {
          const steps = planCliSteps(d, diffOltConfig(a, b));
          const after = typeLines(d, a, cliScript(steps));
          expect(withoutEmptyPorts(after)).toStrictEqual(withoutEmptyPorts(b));
          const back = typeLines(d, after, cliScript(undoScript(steps)));
          expect(withoutEmptyPorts(back)).toStrictEqual(withoutEmptyPorts(a));
        }),
        { numRuns: 400 },
      );
    });
  }

  it('an activation is the familiar ZXA10 sequence', () => {
    const d = loadCliDialect('zxa10-c300');
    const b: OltConfig = {
      trafficProfiles: [{ name: 'U150M', cirKbps: 512, pirKbps: 153600 }],
      channelTerminations: [
        {
          name: '1/1/1',
          onus: [
            {
              onuId: 1,
              onuType: 'ZXHN-F601',
              expectedSerial: 'ZTEGC0FFEE01',
              tconts: [{ id: 1, trafficProfile: 'U150M' }],
              gemports: [{ id: 1, tcont: 1 }],
              vlans: [
                {
                  channel: 'voip',
                  gemport: 1,
                  servicePort: 3,
                  userVlan: 30,
                  vlan: 1030,
                  dot1p: 5,
                  downstreamProfile: '',
                  upstreamProfile: '',
                  macLimit: 2,
                  dhcpSnooping: true,
                  antiSpoofing: false,
                  pppoeFilter: false,
                  macForcedForwarding: false,
                  multicast: false,
                  adminState: 'enabled',
                },
              ],
            },
          ],
        },
      ],
    };
    const script = cliScript(
      planCliSteps(d, diffOltConfig({ trafficProfiles: [], channelTerminations: [] }, b)),
    );
    expect(script).toEqual([
      'traffic-profile U150M ip cir 512 pir 153600',
      'interface gpon-olt_1/1/1',
      'onu 1 type ZXHN-F601 sn ZTEGC0FFEE01',
      'exit',
      'interface gpon-onu_1/1/1:1',
      'tcont 1 profile U150M',
      'gemport 1 tcont 1',
      'service-port 3 vport 1 user-vlan 30 vlan 1030',
      'service-port 3 description voip',
      'service-port 3 cos 5',
      'security max-mac-learn 2 sport 3',
      'ip dhcp snooping enable sport 3',
      'exit',
      'pon-onu-mng gpon-onu_1/1/1:1',
      'service voip gemport 1 vlan 30',
      'vlan port eth_0/1 mode tag vlan 30',
      'exit',
    ]);
  });
});
