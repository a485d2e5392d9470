/**
 * fast-check arbitraries of valid OltConfigs for the ZXA10 CLI tests: every reference resolves
 * (T-CONT → traffic profile, GEM port → T-CONT, service port → GEM port and profiles), ids are unique
 * where the device keys them, serials are unique on the OLT, values are inside the dialect ranges.
 * `small` draws from few ids and names, so two configurations overlap and their diff has updates.
 */
import fc from 'fast-check';
import {
  CHANNELS,
  type OltConfig,
  type VAni,
  type VlanSubInterface,
} from '../../src/domain/olt-config/model.ts';

const word = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const text = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);

export function oltConfigArb(small = false): fc.Arbitrary<OltConfig> {
  const profileNames = small
    ? fc.uniqueArray(fc.constantFrom('P1', 'P2', 'P3', 'P4'), { minLength: 1, maxLength: 4 })
    : fc.uniqueArray(word, { minLength: 1, maxLength: 4 });
  const pons = small
    ? fc.uniqueArray(fc.constantFrom('1/1/1', '1/1/2'), { maxLength: 2 })
    : fc.uniqueArray(
        fc
          .tuple(
            fc.integer({ min: 1, max: 2 }),
            fc.integer({ min: 1, max: 3 }),
            fc.integer({ min: 1, max: 16 }),
          )
          .map(([r, s, p]) => `${r}/${s}/${p}`),
        { maxLength: 3 },
      );
  return fc.tuple(profileNames, pons).chain(([names, ponNames]) => {
    const profile = fc.constantFrom(...names);
    const rate = small ? fc.constantFrom(1024, 51200) : fc.integer({ min: 64, max: 10_000_000 });
    const profiles = fc.tuple(
      ...names.map((name) =>
        fc.tuple(rate, rate).map(([x, y]) => ({ name, cirKbps: Math.min(x, y), pirKbps: Math.max(x, y) })),
      ),
    );
    const num = (min: number, max: number, smallMax: number) =>
      fc.integer({ min, max: small ? Math.min(max, smallMax) : max });
    const vlanOf = (gems: number[]) =>
      fc.record({
        gemport: fc.constantFrom(...gems),
        userVlan: num(1, 4094, 3),
        vlan: num(1, 4094, 3),
        dot1p: num(0, 7, 2),
        downstreamProfile: fc.oneof(fc.constant(''), profile),
        upstreamProfile: fc.oneof(fc.constant(''), profile),
        macLimit: num(0, 1024, 2),
        dhcpSnooping: fc.boolean(),
        antiSpoofing: fc.boolean(),
        pppoeFilter: fc.boolean(),
        macForcedForwarding: fc.boolean(),
        multicast: fc.boolean(),
        adminState: fc.constantFrom('enabled' as const, 'suspended' as const),
      });
    const onu = fc
      .record({
        onuId: num(1, 128, 3),
        onuType: small ? fc.constantFrom('ZXHN-F601', 'ZXHN-F660') : word,
        description: fc.option(small ? fc.constantFrom('A-1', 'A 2') : text, { nil: undefined }),
        tconts: fc.uniqueArray(fc.record({ id: num(1, 8, 3), trafficProfile: profile }), {
          selector: (t) => t.id,
          minLength: 1,
          maxLength: 3,
        }),
      })
      .chain((o) =>
        fc
          .uniqueArray(
            fc.record({ id: num(1, 32, 4), tcont: fc.constantFrom(...o.tconts.map((t) => t.id)) }),
            { selector: (g) => g.id, maxLength: 4 },
          )
          .chain((gemports) =>
            (gemports.length === 0
              ? fc.constant([] as VlanSubInterface[])
              : fc
                  .tuple(
                    fc.subarray([...CHANNELS]),
                    fc.uniqueArray(num(1, 128, 6), { minLength: 4, maxLength: 4 }),
                  )
                  .chain(([chs, sps]) =>
                    fc.tuple(
                      ...chs.map((channel, i) =>
                        vlanOf(gemports.map((g) => g.id)).map((v) => ({
                          channel,
                          servicePort: sps[i],
                          ...v,
                        })),
                      ),
                    ),
                  )
            ).map((vlans) => ({ ...o, gemports, vlans }) as VAni),
          ),
      );
    const cts = fc.tuple(
      ...ponNames.map((name) =>
        fc
          .uniqueArray(onu, { selector: (o) => o.onuId, maxLength: small ? 3 : 4 })
          .map((onus) => ({ name, onus })),
      ),
    );
    return fc
      .tuple(profiles, cts, fc.integer({ min: 0, max: 0xffff }))
      .map(([trafficProfiles, channelTerminations, salt]) => {
        let n = salt;
        for (const ct of channelTerminations) {
          for (const o of ct.onus) {
            // unique serials; in `small` mode reused across configs so serials move between ONUs
            (o as VAni).expectedSerial = small
              ? `ZTEG0000000${(n++ % 6) + 1}`
              : `ZTEG${(n++).toString(16).toUpperCase().padStart(8, '0')}`;
            if (o.description === undefined) delete o.description;
          }
        }
        if (small) {
          const seen = new Set<string>();
          for (const ct of channelTerminations)
            ct.onus = ct.onus.filter((o) => !seen.has(o.expectedSerial) && !!seen.add(o.expectedSerial));
        }
        return { trafficProfiles, channelTerminations } as OltConfig;
      });
  });
}
