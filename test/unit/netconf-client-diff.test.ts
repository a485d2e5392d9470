/** The pure config diff (src/domain/olt-config/diff.ts) and its NETCONF edit rendering. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  diffOltConfig,
  invertDiff,
  staleChanges,
  unappliedChanges,
  touchedOnus,
  describeChange,
} from '../../src/domain/olt-config/diff.ts';
import { diffToEdits } from '../../src/adapters/driven/olt/netconf/diff-to-edits.ts';
import { emptyOltConfig, type OltConfig } from '../../src/domain/olt-config/model.ts';
import { config, onu } from './netconf-client-fixtures.ts';

/** Apply a diff to a config the naive way (what a device does), to check diffs round-trip. */
function applyDiff(base: OltConfig, diff: ReturnType<typeof diffOltConfig>): OltConfig {
  const cfg = structuredClone(base);
  for (const c of diff.changes) {
    if (c.kind === 'traffic-profile') {
      cfg.trafficProfiles = cfg.trafficProfiles.filter((p) => p.name !== c.name);
      if (c.after) cfg.trafficProfiles.push(c.after);
      continue;
    }
    let ct = cfg.channelTerminations.find((x) => x.name === c.port);
    if (!ct) {
      ct = { name: c.port, onus: [] };
      cfg.channelTerminations.push(ct);
    }
    if (c.kind === 'onu') {
      const old = ct.onus.find((o) => o.onuId === c.onuId);
      ct.onus = ct.onus.filter((o) => o.onuId !== c.onuId);
      if (c.after) ct.onus.push({ ...structuredClone(c.after), vlans: old?.vlans ?? [] });
    } else {
      const o = ct.onus.find((x) => x.onuId === c.onuId);
      if (!o) continue;
      o.vlans = o.vlans.filter((v) => v.channel !== c.channel);
      if (c.after) o.vlans.push(c.after);
    }
  }
  return cfg;
}

const arbConfig = fc
  .record({
    onus: fc.uniqueArray(
      fc.record({
        port: fc.constantFrom('1/1/1', '1/1/2'),
        id: fc.integer({ min: 1, max: 6 }),
        down: fc.constantFrom('down-300M', 'down-1G'),
        iptv: fc.boolean(),
        desc: fc.option(fc.constantFrom('A-1', 'A-2'), { nil: undefined }),
      }),
      { selector: (o) => `${o.port}#${o.id}`, maxLength: 8 },
    ),
    extra: fc.boolean(),
  })
  .map(({ onus, extra }) =>
    config(
      ['1/1/1', '1/1/2'].map((port) => ({
        port,
        onus: onus
          .filter((o) => o.port === port)
          .map((o) =>
            onu(o.id, {
              down: o.down,
              description: o.desc,
              channels: o.iptv ? ['internet', 'iptv'] : ['internet'],
            }),
          ),
      })),
      extra ? [{ name: 'down-1G', cirKbps: 0, pirKbps: 1_000_000 }] : [],
    ),
  );

describe('diffOltConfig', () => {
  it('applying the diff to actual gives desired; the inverse diff gives actual back; equal configs give no diff', () => {
    fc.assert(
      fc.property(arbConfig, arbConfig, (actual, desired) => {
        const diff = diffOltConfig(actual, desired);
        expect(diffOltConfig(applyDiff(actual, diff), desired).changes).toEqual([]);
        expect(diffOltConfig(applyDiff(applyDiff(actual, diff), invertDiff(diff)), actual).changes).toEqual(
          [],
        );
        expect(diffOltConfig(desired, desired).changes).toEqual([]);
        expect(unappliedChanges(applyDiff(actual, diff), diff)).toEqual([]);
        expect(staleChanges(actual, diff)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is minimal: one field changed on one VLAN is one vlan update naming that field', () => {
    const a = config(
      [{ port: '1/1/1', onus: [onu(1), onu(2)] }],
      [{ name: 'down-1G', cirKbps: 0, pirKbps: 1_000_000 }],
    );
    const d = structuredClone(a);
    d.channelTerminations[0].onus[1].vlans[0].downstreamProfile = 'down-1G';
    const diff = diffOltConfig(a, d);
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({
      kind: 'vlan',
      op: 'update',
      port: '1/1/1',
      onuId: 2,
      channel: 'internet',
      fields: ['downstreamProfile'],
    });
    expect(describeChange(diff.changes[0])).toBe('~ vlan 1/1/1:2 internet (downstreamProfile)');
    expect(touchedOnus(diff)).toEqual([{ port: '1/1/1', onuId: 2 }]);
  });

  it('with a scope, never deletes ONUs or profiles outside it', () => {
    const actual = config(
      [
        { port: '1/1/1', onus: [onu(1), onu(2)] },
        { port: '1/1/2', onus: [onu(9)] },
      ],
      [{ name: 'hand-made', cirKbps: 0, pirKbps: 1 }],
    );
    const desired = config([{ port: '1/1/1', onus: [onu(1)] }]);
    const scoped = diffOltConfig(actual, desired, { onus: [{ port: '1/1/1', onuId: 2 }] });
    expect(scoped.changes.filter((c) => c.op === 'delete').map((c) => c.kind)).toEqual([
      'vlan',
      'vlan',
      'onu',
    ]);
    expect(
      scoped.changes.every((c) => c.kind === 'traffic-profile' || (c.port === '1/1/1' && c.onuId === 2)),
    ).toBe(true);
    const unscoped = diffOltConfig(actual, desired);
    expect(unscoped.changes.some((c) => c.kind === 'traffic-profile' && c.name === 'hand-made')).toBe(true);
    expect(
      diffOltConfig(actual, desired, { ports: ['1/1/1'], trafficProfiles: ['hand-made'] }).changes.some(
        (c) => c.kind === 'traffic-profile' && c.op === 'delete',
      ),
    ).toBe(true);
  });

  it('orders changes so a profile exists before use and is deleted after its last user', () => {
    const a = config(
      [{ port: '1/1/1', onus: [onu(1, { down: 'old' })] }],
      [{ name: 'old', cirKbps: 0, pirKbps: 1 }],
    );
    const d = config(
      [{ port: '1/1/1', onus: [onu(1, { down: 'new' })] }],
      [{ name: 'new', cirKbps: 0, pirKbps: 2 }],
    );
    const kinds = diffOltConfig(a, d).changes.map((c) => `${c.kind}:${c.op}`);
    expect(kinds[0]).toBe('traffic-profile:create');
    expect(kinds.at(-1)).toBe('traffic-profile:delete');
  });

  it('reports a plan as stale when the device moved since', () => {
    const a = config([{ port: '1/1/1', onus: [onu(1)] }]);
    const diff = diffOltConfig(a, config([{ port: '1/1/1', onus: [onu(1), onu(2)] }]));
    const moved = config([{ port: '1/1/1', onus: [onu(1), onu(2, { description: 'someone else' })] }]);
    expect(staleChanges(moved, diff).length).toBeGreaterThan(0);
    expect(unappliedChanges(a, diff).length).toBeGreaterThan(0);
  });
});

describe('diffToEdits (NETCONF)', () => {
  it('a created or deleted ONU is one v-ani edit carrying its VLANs; VLAN changes of a kept ONU are per entry', () => {
    const a = config([{ port: '1/1/1', onus: [onu(1), onu(2)] }]);
    const d = config([{ port: '1/1/1', onus: [onu(2, { channels: ['internet'] }), onu(3)] }]);
    const edits = diffToEdits(diffOltConfig(a, d));
    expect(edits.map((e) => `${e.kind}:${e.op}`).sort()).toEqual(
      ['gemport:delete', 'v-ani:create', 'v-ani:delete', 'vlan:delete'].sort(),
    );
  });

  it('removing a description replaces the whole v-ani (merge cannot delete a leaf)', () => {
    const a = config([{ port: '1/1/1', onus: [onu(1, { description: 'A-1' })] }]);
    const d = config([{ port: '1/1/1', onus: [onu(1)] }]);
    expect(diffToEdits(diffOltConfig(a, d)).map((e) => `${e.kind}:${e.op}`)).toEqual(['v-ani:replace']);
    expect(diffToEdits(diffOltConfig(emptyOltConfig(), emptyOltConfig()))).toEqual([]);
  });
});
