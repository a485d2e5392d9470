/**
 * Knowing a BBF device before writing (issue 12 item 2) and reading its ONU state (item 3), on the
 * research fixtures (test/fixtures/bbf, checked by yanglint in validate.sh): the YANG library in
 * both forms, what a plan needs of it, deviations that narrow the plan, ONU presence and
 * unconfigured ONUs from the operational datastore, and the naming scheme's owners.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  parseModulesState,
  parseYangLibrary,
} from '../../src/adapters/driven/olt/netconf/bbf/yang-library.ts';
import { fullNeeds, needsOf, unmet } from '../../src/adapters/driven/olt/netconf/bbf/bbf-requirements.ts';
import {
  deviationConflicts,
  parseDeviations,
} from '../../src/adapters/driven/olt/netconf/bbf/bbf-deviations.ts';
import {
  parseOnuState,
  phaseOf,
  unconfiguredOnus,
} from '../../src/adapters/driven/olt/netconf/bbf/onu-state.ts';
import { ownerOfName, allocIdOf } from '../../src/adapters/driven/olt/netconf/bbf/bbf-names.ts';
import { diffOltConfig } from '../../src/domain/olt-config/diff.ts';
import { emptyOltConfig } from '../../src/domain/olt-config/model.ts';
import { desiredOltConfig, vlanPlanFor, type SubscriberIntent } from '../../src/domain/provisioning/index.ts';

const fixture = (f: string) =>
  readFileSync(new URL(`../fixtures/bbf/${f}`, import.meta.url), 'utf8').replace(/^<\?xml[^>]*>/, '');

const intent = (o: Partial<SubscriberIntent> = {}): SubscriberIntent => ({
  adapterId: 'A-00000042',
  port: { olt: 'olt-1', pon: '1/1/1', onuId: 5 },
  ontSerial: 'ZTEGC0FFEE01',
  onuType: 'ZXHN-F601',
  services: { internet: '300/150', management: true, voip: '2/2', iptv: 100 },
  vlans: vlanPlanFor(1000),
  suspended: false,
  ...o,
});
const activation = (o: Partial<SubscriberIntent> = {}) =>
  diffOltConfig(emptyOltConfig(), desiredOltConfig([intent(o)]));

describe('YANG library (RFC 8525, RFC 7895)', () => {
  const lib = parseYangLibrary(fixture('yang-library.xml'));
  const ms = parseModulesState(fixture('modules-state-rfc7895.xml'));

  it('reads both forms to the same implemented modules and features', () => {
    const impl = (m: typeof lib) =>
      [...m.values()]
        .filter((x) => x.conformance === 'implement')
        .map((x) => `${x.name}@${x.revision} ${[...x.features].sort().join(',')}`)
        .sort();
    expect(impl(lib)).toEqual(impl(ms));
    expect(lib.get('bbf-xponvani')?.features.has('configurable-v-ani-onu-id')).toBe(true);
    expect(lib.get('ietf-yang-types')?.conformance).toBe('import');
  });

  it("the lab OLT's library meets every need of a full BSN access", () => {
    expect(unmet(fullNeeds(), lib)).toEqual([]);
    expect(unmet(fullNeeds(), ms)).toEqual([]);
  });

  it('names a missing module, a missing feature, and an import-only module as missing', () => {
    const reduced = new Map(lib);
    reduced.delete('bbf-mgmd');
    reduced.set('ponctl-bbf-ext', {
      ...lib.get('ponctl-bbf-ext')!,
      features: new Set(['mac-forced-forwarding']),
    });
    reduced.set('bbf-xpon', { ...lib.get('bbf-xpon')!, conformance: 'import' });
    expect(unmet(fullNeeds(), reduced).sort()).toEqual([
      'bbf-mgmd',
      'bbf-xpon',
      'ponctl-bbf-ext:ip-source-guard',
    ]);
  });

  it('asks only for what the plan writes: no IPTV, no bbf-mgmd; a pure deletion, only the core', () => {
    const noIptv = activation({ services: { internet: '300/150', voip: '1/1' } });
    expect(needsOf(noIptv).map((n) => n.module)).not.toContain('bbf-mgmd');
    expect(needsOf(activation()).map((n) => n.module)).toContain('bbf-mgmd');
    const del = diffOltConfig(desiredOltConfig([intent()]), emptyOltConfig(), { trafficProfiles: 'all' });
    expect(needsOf(del).map((n) => n.module)).not.toContain('ponctl-bbf-ext');
  });
});

describe('deviations narrow the plan (RFC 7950 §7.20.3)', () => {
  const dev = parseDeviations(
    'acme-olt-deviations',
    `module acme-olt-deviations {
       import ietf-interfaces { prefix if; }
       import bbf-xponvani { prefix bbf-xponvani; }
       /* IP source guard is not there on this firmware */
       deviation "/if:interfaces/if:interface/pbx:ip-source-guard" { deviate not-supported; }
       deviation /if:interfaces/if:interface/bbf-xponvani:v-ani/bbf-xponvani:onu-id {
         deviate replace { type uint32 { range "1..64 | 100"; } }
       }
     }`,
  );

  it('parses targets (prefixes dropped), not-supported and narrowed ranges', () => {
    expect(dev).toEqual([
      {
        module: 'acme-olt-deviations',
        target: '/interfaces/interface/ip-source-guard',
        notSupported: true,
        range: undefined,
      },
      {
        module: 'acme-olt-deviations',
        target: '/interfaces/interface/v-ani/onu-id',
        notSupported: false,
        range: [
          [1, 64],
          [100, 100],
        ],
      },
    ]);
  });

  it('refuses a plan that writes a removed node or a value out of the narrowed range, naming both', () => {
    expect(
      deviationConflicts(activation({ port: { olt: 'o', pon: '1/1/1', onuId: 70 } }), dev).sort(),
    ).toEqual([
      'acme-olt-deviations: /interfaces/interface/ip-source-guard not-supported',
      'acme-olt-deviations: /interfaces/interface/v-ani/onu-id 70 outside 1..64|100..100',
    ]);
    expect(
      deviationConflicts(activation({ port: { olt: 'o', pon: '1/1/1', onuId: 100 } }), [dev[1]]),
    ).toEqual([]);
  });
});

describe('ONU state from the operational datastore (bbf-xpon-onu-state, RFC 8343)', () => {
  it('reads presence, serial, ONU id and phase, and the ONU no v-ANI authorises', () => {
    const s = parseOnuState(fixture('op-unconfigured-onu.xml'));
    expect(s.onus.map((o) => [o.pon, o.serial, o.onuId, o.vani, o.phase])).toEqual([
      ['1/1/1', 'ZTEGC0FFEE01', 5, 'vani-A-00000042', 'working'],
      ['1/1/1', 'ZTEG00BADC0D', undefined, undefined, 'auth-failed'],
    ]);
    expect(s.vanis.get('vani-A-00000042')).toMatchObject({
      onuId: 5,
      detectedSerial: 'ZTEGC0FFEE01',
      termination: 'ct-1.1.1',
      operStatus: 'up',
    });
    expect(unconfiguredOnus(s)).toEqual([
      { pon: '1/1/1', serial: 'ZTEG00BADC0D', firstSeen: '2026-12-04T09:12:07Z' },
    ]);
    expect(unconfiguredOnus(parseOnuState(fixture('op-onu-present.xml')))).toEqual([]);
  });

  it('reads the defects of a PON cut: los on the channel termination, lobi on the v-ANI (bbf-xpon-defects)', () => {
    const s = parseOnuState(fixture('op-pon-cut.xml'));
    expect(s.onus).toEqual([]);
    expect(s.ponDefects.get('1/1/1')).toEqual(['los']);
    expect(s.vanis.get('vani-A-00000042')).toMatchObject({
      presence: 'onu-not-present-with-v-ani',
      defects: ['lobi'],
      operStatus: 'down',
    });
    expect(parseOnuState(fixture('op-onu-present.xml')).ponDefects.get('1/1/1')).toEqual([]);
    // a leaf-list is one element per value (RFC 7950 §7.7.8)
    const two = parseOnuState(
      `<interfaces-state xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>vani-A-00000042</name>` +
        `<v-ani xmlns="urn:bbf:yang:bbf-xponvani" xmlns:d="urn:bbf:yang:bbf-xpon-defects">` +
        `<active-defects>d:lobi</active-defects><active-defects>d:dgi</active-defects></v-ani></interface></interfaces-state>`,
    );
    expect(two.vanis.get('vani-A-00000042')?.defects).toEqual(['lobi', 'dgi']);
  });

  it('maps presence states and defects to phases (docs/bbf-mapping.md §8)', () => {
    expect(phaseOf('onu-present-and-on-intended-channel-termination')).toBe('working');
    expect(phaseOf('onu-not-present-with-v-ani', ['dgi'])).toBe('dying-gasp');
    expect(phaseOf('onu-not-present-with-v-ani', ['lobi'])).toBe('los');
    expect(phaseOf('onu-not-present-with-v-ani')).toBe('offline');
    // `los` is the channel termination's (items-detected-at-olt-for-ct): the whole PON is dark
    expect(phaseOf('onu-not-present-with-v-ani', [], ['los'])).toBe('los');
    expect(phaseOf('onu-not-present-with-v-ani', ['dgi'], ['los'])).toBe('dying-gasp');
    expect(phaseOf('onu-present-and-on-intended-channel-termination', [], ['los'])).toBe('working');
    expect(phaseOf('onu-present-and-v-ani-known-and-o5-failed-no-onu-id')).toBe('auth-failed');
    expect(phaseOf('onu-present-and-v-ani-known-but-intended-ct-unknown')).toBe('syncing');
  });
});

describe('naming scheme (docs/bbf-mapping.md §5)', () => {
  it('tells the owner of every name; anything else is not ponctl’s', () => {
    expect(ownerOfName('vani-A-00000042')).toEqual({ owner: 'A-00000042' });
    expect(ownerOfName('vsi-A-00000042-voip')).toEqual({ owner: 'A-00000042' });
    expect(ownerOfName('A-00000042-iptv')).toEqual({ owner: 'A-00000042' });
    expect(ownerOfName('fwd-vlan1005')).toEqual({ vlan: 1005 });
    expect(ownerOfName('PONCTL-U150M')).toBe('shared');
    expect(ownerOfName('ct-1.1.1')).toBeUndefined();
    expect(ownerOfName('vani-someone-else')).toBeUndefined();
  });
  it('alloc-id = gemport-id = 1024 + 8·onu-id + slot stays inside G-PON ranges for onu-id ≤ 253', () => {
    expect(allocIdOf(5, 1)).toBe(1065);
    expect(allocIdOf(253, 4)).toBeLessThanOrEqual(4095);
  });
});

describe('optional features (docs/bbf-mapping.md §4)', () => {
  it('writes alloc-id / gemport-id only where the OLT announces them configurable', async () => {
    const { BbfConfigModel } = await import('../../src/adapters/driven/olt/netconf/bbf/bbf-model.ts');
    const m = new BbfConfigModel();
    const modules = parseYangLibrary(fixture('yang-library.xml'));
    m.library = { form: 'rfc8525', modules, nmda: true };
    expect(m.payloads(activation(), 5000).join('')).toContain('<alloc-id>1065</alloc-id>');
    const gt = modules.get('bbf-xpongemtcont')!;
    modules.set('bbf-xpongemtcont', { ...gt, features: new Set() });
    const body = m.payloads(activation(), 5000).join('');
    expect(body).not.toMatch(/<alloc-id>|<gemport-id>/);
    expect(body).toContain('<name>tcont-A-00000042-voip</name>');
  });
});
