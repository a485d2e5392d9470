/**
 * The BBF codec (issue 12 item 1) through every order category, checked by libyang: each step's
 * desired configuration is planned against the decoded current one, the edit-config bodies are
 * applied to the configuration tree with RFC 6241 §7.2 semantics (list keys from libyang's schema,
 * test/helpers/xml-edit-apply.ts), and the resulting running configuration must validate with
 * yanglint against ../shared/standards (leafrefs, musts, ranges, patterns) and decode back to the
 * desired one. Plus: the codec writes the reference instance (test/fixtures/bbf/one-subscriber.xml).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  bbfYang,
  BBF_FIXTURES,
  schemaKeys,
  validateConfig,
  yanglint,
  type BbfYang,
} from '../helpers/bbf-yang.ts';
import { XmlEditApplier, toXml } from '../helpers/xml-edit-apply.ts';
import { infrastructure, INFRA_3_PONS } from '../helpers/bbf-infrastructure.ts';
import { parseXml, type XNode } from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';
import { bbfEditPayloads } from '../../src/adapters/driven/olt/netconf/bbf/bbf-edits.ts';
import { decodeBbfConfig } from '../../src/adapters/driven/olt/netconf/bbf/bbf-decode.ts';
import { describeChange, diffOltConfig, type DiffScope } from '../../src/domain/olt-config/diff.ts';
import { desiredOltConfig, vlanPlanFor, type SubscriberIntent } from '../../src/domain/provisioning/index.ts';
import type { ServiceSelection } from '../../src/domain/catalogue/catalogue.ts';

const ALL: ServiceSelection = { internet: '300/150', management: true, voip: '2/2', iptv: 100 };

function sub(
  n: number,
  pon: string,
  onuId: number,
  sp: number,
  services: ServiceSelection,
  o: Partial<SubscriberIntent> = {},
) {
  return {
    adapterId: `A-${String(n).padStart(8, '0')}`,
    port: { olt: 'olt-1', pon, onuId },
    ontSerial: `ZTEG${(0xc0ffee00 + n).toString(16).toUpperCase()}`,
    onuType: 'ZXHN-F601',
    services,
    vlans: vlanPlanFor(1000 + 10 * sp),
    suspended: false,
    ...o,
  } satisfies SubscriberIntent;
}

let ctx: BbfYang;
let applier: XmlEditApplier;

beforeAll(async () => {
  ctx = bbfYang();
  const keys = await schemaKeys(ctx, [
    'ietf-interfaces',
    'bbf-xpongemtcont',
    'bbf-l2-forwarding',
    'bbf-mgmd',
    'bbf-qos-policies',
    'bbf-qos-classifiers',
    'bbf-qos-policing',
    'bbf-link-table',
    'bbf-subscriber-profiles',
    'bbf-l2-dhcpv4-relay',
    'bbf-pppoe-intermediate-agent',
  ]);
  expect(keys.lists.get('interface')).toEqual(['name']);
  expect(keys.lists.get('link-table')).toEqual(['from-interface']);
  applier = new XmlEditApplier(keys);
}, 60_000);

describe('BBF codec, checked by yanglint', () => {
  it('writes the reference instance: one subscriber from nothing = one-subscriber.xml (plus descriptors of downstream rates)', async () => {
    const desired = desiredOltConfig([sub(42, '1/1/1', 5, 0, ALL, { ontSerial: 'ZTEGC0FFEE01' })]);
    const tree = parseXml(`<data>${infrastructure([{ pon: '1/1/1', type: 'gpon' }])}</data>`);
    for (const body of bbfEditPayloads(diffOltConfig(decodeBbfConfig('').config, desired), () => undefined))
      applier.apply(tree, parseXml(`<config>${body}</config>`));
    const mine = path.join(ctx.dir, 'mine.xml');
    const json = async (file: string, out: string) => {
      const r = await yanglint([
        '-Q',
        ...ctx.search,
        '-Y',
        ctx.library,
        '-t',
        'config',
        '-f',
        'json',
        '-o',
        out,
        file,
      ]);
      expect(r.code, r.err).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as Record<
        string,
        Record<string, Record<string, { name: string }[]>>
      >;
    };
    (await import('node:fs')).writeFileSync(mine, tree.children.map((c) => toXml(c)).join(''));
    const a = await json(mine, path.join(ctx.dir, 'mine.json'));
    const b = await json(path.join(BBF_FIXTURES, 'one-subscriber.xml'), path.join(ctx.dir, 'ref.json'));
    // decision (docs/bbf-mapping.md §3): every traffic profile is one unit of five objects, a descriptor included
    const tds =
      a['bbf-xpongemtcont:xpongemtcont']['traffic-descriptor-profiles']['traffic-descriptor-profile'];
    a['bbf-xpongemtcont:xpongemtcont']['traffic-descriptor-profiles']['traffic-descriptor-profile'] =
      tds.filter((t) => !t.name.startsWith('PONCTL-D'));
    const canon = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(canon).sort((p, q) => (JSON.stringify(p) < JSON.stringify(q) ? -1 : 1))
        : x && typeof x === 'object'
          ? Object.fromEntries(
              Object.entries(x)
                .sort()
                .map(([k, v]) => [k, canon(v)]),
            )
          : x;
    expect(canon(a)).toEqual(canon(b));
  });

  it('every order category ends in a configuration libyang accepts and that reads back as desired', async () => {
    const tree = parseXml(`<data>${INFRA_3_PONS}</data>`);
    const steps: { name: string; subs: SubscriberIntent[]; scope?: DiffScope }[] = [];
    let s1 = sub(1, '1/1/1', 1, 0, ALL);
    let s2 = sub(2, '1/1/1', 2, 1, { internet: '100/100', voip: '1/1' });
    let s3 = sub(3, '1/1/2', 1, 0, { internet: '200/100', management: true });
    steps.push({ name: 'activation', subs: [s1, s2, s3] });
    s1 = { ...s1, services: { ...s1.services, internet: '1000/500' } };
    steps.push({
      name: 'speed-change (old profiles removed)',
      subs: [s1, s2, s3],
      scope: { trafficProfiles: 'all', ports: ['1/1/1', '1/1/2', '1/1/3'] },
    });
    s2 = { ...s2, services: { ...s2.services, iptv: 50 } };
    steps.push({ name: 'add-service (IPTV: multicast host)', subs: [s1, s2, s3] });
    s1 = { ...s1, services: { internet: '1000/500', management: true, iptv: 100 } };
    steps.push({ name: 'remove-service (VoIP)', subs: [s1, s2, s3] });
    s3 = { ...s3, suspended: true };
    steps.push({ name: 'temporary disconnection (SL)', subs: [s1, s2, s3] });
    s3 = { ...s3, suspended: false };
    steps.push({ name: 'sl-reactivation', subs: [s1, s2, s3] });
    s1 = { ...s1, port: { olt: 'olt-1', pon: '1/1/2', onuId: 5 } };
    steps.push({ name: 'move (same names, another PON)', subs: [s1, s2, s3] });
    s2 = { ...s2, port: { olt: 'olt-1', pon: '1/1/3', onuId: 2 } };
    steps.push({ name: 'technology-change (to XGS-PON)', subs: [s1, s2, s3] });
    s3 = { ...s3, ontSerial: 'HWTC0BADBEEF' };
    steps.push({ name: 'ont-replacement (SBSN)', subs: [s1, s2, s3] });
    const s4 = sub(4, '1/1/2', 1, 1, { internet: '500/250', iptv: 10 });
    steps.push({ name: 'forced order: another access takes the port', subs: [s1, s2, s4] });
    steps.push({ name: 'permanent disconnection (BSND)', subs: [s1, s4] });
    steps.push({
      name: 'everything gone',
      subs: [],
      scope: { trafficProfiles: 'all', ports: ['1/1/1', '1/1/2', '1/1/3'] },
    });

    for (const [i, step] of steps.entries()) {
      const desired = desiredOltConfig(step.subs);
      const scope = step.scope ?? { ports: ['1/1/1', '1/1/2', '1/1/3'] };
      const before = decodeBbfConfig(inner(tree));
      const diff = diffOltConfig(before.config, desired, scope);
      expect(diff.changes.length, step.name).toBeGreaterThan(0);
      const bodies = bbfEditPayloads(diff, (p, o) => before.owners.get(`${p}#${o}`));
      for (const body of bodies) applier.apply(tree, parseXml(`<config>${body}</config>`));
      const v = await validateConfig(ctx, inner(tree), `step-${i}.xml`);
      expect(v.errors, `${step.name}: ${v.errors.join('; ')}`).toEqual([]);
      const after = decodeBbfConfig(inner(tree)).config;
      expect(diffOltConfig(after, desired, scope).changes.map(describeChange), step.name).toEqual([]);
    }
    // after the last step, no access object is left: only infrastructure and shared objects
    expect(inner(tree)).not.toMatch(/A-0000000\d/);
  }, 120_000);
});

function inner(tree: XNode): string {
  return tree.children.map((c) => toXml(c)).join('');
}
