/**
 * What an OLT must carry according to the store, for `plan`, `reconcile` and the drift check
 * (issue 5 items 6–7, GenieACS-style declarative state): every access that is carried out (active,
 * in SL — suspended —, or taken over by a forced order) becomes a SubscriberIntent; positions of
 * accesses that ended must hold nothing. Scope = exactly those positions: ONUs nobody at ponctl
 * manages are never touched, only reported.
 *
 * Pending accesses (an activation not yet carried out) are outside the scope: their order does that.
 */
import type { AccessRecord, Store } from '../ports/store/index.ts';
import type { OltConfig } from '../../domain/olt-config/model.ts';
import type { DiffScope } from '../../domain/olt-config/diff.ts';
import { desiredOltConfig, type SubscriberIntent } from '../../domain/provisioning/index.ts';
import { intentOf, type OnuTarget } from './order-plan.ts';

export interface ManagedState {
  intents: SubscriberIntent[];
  /** Positions ponctl owns on this OLT (with or without a v-ANI). */
  scope: DiffScope & { onus: { port: string; onuId: number }[] };
  desired: OltConfig;
}

// a taken-over access's port holds the new SP's service (issue 8: the snapshot, not the store, keeps the old one)
const CONFIGURED: readonly AccessRecord['state'][] = ['active', 'temporarily-disconnected'];

const key = (pon: string, onuId: number) => `${pon}#${onuId}`;

/** Desired configuration of `olt`'s managed positions from the store. */
export async function managedState(
  store: Store,
  onuType: string,
  olt: string,
  at: string,
): Promise<ManagedState> {
  const accesses = await store.accesses.list({ olt });
  const live = new Map<string, AccessRecord>();
  const positions = new Map<string, { port: string; onuId: number }>();
  for (const a of accesses) {
    const k = key(a.pon, a.onuId);
    if (a.state === 'pending') continue;
    positions.set(k, { port: a.pon, onuId: a.onuId });
    if (CONFIGURED.includes(a.state) && a.ontSerial) {
      const cur = live.get(k);
      if (!cur || cur.updatedAt < a.updatedAt) live.set(k, a);
    }
  }
  const intents: SubscriberIntent[] = [];
  for (const a of live.values())
    intents.push(await intentOf(store, onuType, a, a.services, a.state === 'temporarily-disconnected', at));
  const onus = [...positions.values()];
  return { intents, scope: { onus }, desired: desiredOltConfig(intents) };
}

/**
 * Desired state of a set of targets on top of a managed state: the scope is only the targets'
 * positions (an order's batch never touches ONUs outside it).
 */
export function targetsState(targets: readonly OnuTarget[]): { desired: OltConfig; scope: DiffScope } {
  const byPos = new Map<string, OnuTarget>();
  for (const t of targets) byPos.set(key(t.pon, t.onuId), t); // later targets of the batch win
  const intents = [...byPos.values()].flatMap((t) => (t.intent ? [t.intent] : []));
  return {
    desired: desiredOltConfig(intents),
    scope: { onus: [...byPos.values()].map((t) => ({ port: t.pon, onuId: t.onuId })) },
  };
}

/** ONUs on the device outside the managed scope (`R/S/P:N serial`), for the drift report. */
export function unmanagedOnus(actual: OltConfig, scope: DiffScope): string[] {
  const managed = new Set((scope.onus ?? []).map((o) => key(o.port, o.onuId)));
  const out: string[] = [];
  for (const ct of actual.channelTerminations) {
    for (const onu of ct.onus)
      if (!managed.has(key(ct.name, onu.onuId))) out.push(`${ct.name}:${onu.onuId} ${onu.expectedSerial}`);
  }
  return out;
}

/** `actual` with the scoped ONUs replaced by `desired`'s (what the device holds after a verified apply). */
export function overlay(actual: OltConfig, desired: OltConfig, scope: DiffScope): OltConfig {
  const inScope = new Set((scope.onus ?? []).map((o) => key(o.port, o.onuId)));
  const ports = new Map(
    actual.channelTerminations.map((ct) => [
      ct.name,
      ct.onus.filter((o) => !inScope.has(key(ct.name, o.onuId))),
    ]),
  );
  for (const ct of desired.channelTerminations) {
    const list = ports.get(ct.name) ?? [];
    list.push(...ct.onus.filter((o) => inScope.has(key(ct.name, o.onuId))));
    ports.set(ct.name, list);
  }
  const profiles = new Map(actual.trafficProfiles.map((p) => [p.name, p]));
  for (const p of desired.trafficProfiles) profiles.set(p.name, p);
  return {
    trafficProfiles: [...profiles.values()],
    channelTerminations: [...ports.entries()].map(([name, onus]) => ({
      name,
      onus: onus.sort((a, b) => a.onuId - b.onuId),
    })),
  };
}
