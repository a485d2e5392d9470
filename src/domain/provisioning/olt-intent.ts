/**
 * The desired configuration of one OLT: every managed subscriber's v-ANI on its PON port, plus the
 * traffic descriptors they use. Provisioning diffs this against the configuration read back from the
 * device (src/domain/olt-config/diff.ts) to get the minimal change.
 */
import type { OltConfig, TrafficProfile } from '../olt-config/model.ts';
import { subscriberTrafficProfiles, subscriberVAni, type SubscriberIntent } from './subscriber-intent.ts';

export function desiredOltConfig(subscribers: readonly SubscriberIntent[]): OltConfig {
  const profiles = new Map<string, TrafficProfile>();
  const byPon = new Map<string, SubscriberIntent[]>();
  for (const s of subscribers) {
    for (const p of subscriberTrafficProfiles(s.services)) profiles.set(p.name, p);
    const list = byPon.get(s.port.pon) ?? [];
    list.push(s);
    byPon.set(s.port.pon, list);
  }
  const ponOrder = [...byPon.keys()].sort(comparePonNames);
  return {
    trafficProfiles: [...profiles.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    channelTerminations: ponOrder.map((name) => ({
      name,
      onus: byPon
        .get(name)!
        .map(subscriberVAni)
        .sort((a, b) => a.onuId - b.onuId),
    })),
  };
}

/** `1/1/2` before `1/1/10`: compare rack/shelf/port numerically. */
export function comparePonNames(a: string, b: string): number {
  const pa = a.split('/').map(Number);
  const pb = b.split('/').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
