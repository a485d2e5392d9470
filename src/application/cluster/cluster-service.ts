/**
 * The cluster as the operator sees it (design §4 `GET /v1/cluster`, §5 `ponctl cluster`): the live
 * instances with their heartbeat and version, and the OLTs each one's monitoring leases hold — read
 * from the store, so every instance answers the same. An OLT watched but held by no live instance
 * (between a death and its takeover, at most one lease period) is listed as `unowned`.
 */
import { requireOperator, type Principal } from '../access/principal.ts';
import type { Store } from '../ports/store/index.ts';
import type { ClusterMembership } from './membership.ts';

export interface InstanceView {
  id: string;
  incarnation: string;
  host: string;
  version: string;
  startedAt: string;
  heartbeatAt: string;
  expiresAt: string;
  /** The instance that answered. */
  self: boolean;
  /** OLTs whose monitoring lease it holds, by name. */
  olts: string[];
}

export interface ClusterView {
  /** The instance that answered. */
  instance: string;
  /** The lease period: a dead instance's OLTs are owned again within it. */
  leaseMs: number;
  instances: InstanceView[];
  /** OLTs monitored but held by no live instance right now. */
  unowned: string[];
}

export class ClusterService {
  constructor(
    private readonly d: {
      store: Pick<Store, 'instances' | 'oltLeases'>;
      membership: ClusterMembership;
      /** Every OLT monitoring watches (the OLT registry). */
      watched: () => readonly string[];
    },
  ) {}

  async view(p: Principal): Promise<ClusterView> {
    requireOperator(p, 'cluster');
    const { store, membership } = this.d;
    const [live, leases, now] = await Promise.all([
      store.instances.live(),
      store.oltLeases.list(),
      store.instances.nowMs(),
    ]);
    const liveIds = new Set(live.map((i) => i.id));
    const byOwner = new Map<string, string[]>();
    for (const l of leases) {
      if (!l.owner || l.expiresMs < now || !liveIds.has(l.owner)) continue;
      byOwner.set(l.owner, [...(byOwner.get(l.owner) ?? []), l.olt]);
    }
    const owned = new Set([...byOwner.values()].flat());
    return {
      instance: membership.self.id,
      leaseMs: membership.leaseMs,
      instances: live.map((i) => ({
        ...i,
        self: i.id === membership.self.id,
        olts: (byOwner.get(i.id) ?? []).sort(byName),
      })),
      unowned: this.d
        .watched()
        .filter((o) => !owned.has(o))
        .sort(byName),
    };
  }
}

/** olt-2 before olt-10. */
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
