/**
 * Notifications as monitoring reads them (issue 6 §1: "traps on every instance"): which OLT sent one,
 * and what an ONT notification says as a domain observation. Pure: the core supplies what it knows.
 */
import type { OntObservation } from '../../domain/monitoring/ont-state.ts';
import type { OltTarget, OntTrap, ReceivedTrap, SnmpV3Credentials } from '../ports/telemetry.ts';

/**
 * An ONT serial as OLTs carry it in notifications: the G.984 serial number's 8 bytes (4 vendor letters
 * + 4 vendor-specific bytes, as ZTE's tables do, docs/zxa10-dialect.md §9.2) → `ZTEG` + 8 upper-case
 * hex digits; or already as those 12 characters.
 */
function serialOfVarbind(v: unknown): string | undefined {
  if (!Buffer.isBuffer(v)) return undefined;
  if (v.length === 8)
    return v.subarray(0, 4).toString('latin1') + v.subarray(4).toString('hex').toUpperCase();
  return v.length === 12 ? v.toString('latin1') : undefined;
}

/**
 * The OLT a notification came from: v3, the sender's engine ID; else an ONT serial it names (an OLT
 * behind NAT or with several addresses); else its source address, if exactly one OLT has it.
 */
export function oltOfTrap(
  targets: readonly OltTarget[],
  trap: ReceivedTrap,
  oltOfSerial: (serial: string) => string | undefined,
): OltTarget | undefined {
  if (trap.engineID) {
    const id = trap.engineID.toLowerCase();
    const t = targets.find((x) => x.engineID && x.engineID.toLowerCase() === id);
    if (t) return t;
  }
  for (const vb of trap.varbinds) {
    const serial = serialOfVarbind(vb.value);
    const olt = serial && oltOfSerial(serial);
    if (olt) return targets.find((x) => x.name === olt);
  }
  const bySource = targets.filter((x) => (x.trapSources ?? [x.host]).includes(trap.address));
  return bySource.length === 1 ? bySource[0] : undefined;
}

/**
 * The observation an ONT notification makes, and the RX level to record with it: `up` keeps the
 * last level known (the notification carries none), `optical` carries its own, the others mean no
 * light.
 */
export function observationOfTrap(
  t: OntTrap,
  lastRxDbm: number | null | undefined,
): { obs: OntObservation; rxDbm: number | null | undefined } {
  switch (t.event) {
    case 'up':
      return { obs: { kind: 'up', rxPowerDbm: lastRxDbm ?? null }, rxDbm: undefined };
    case 'optical':
      return { obs: { kind: 'optical', rxPowerDbm: t.rxDbm ?? null }, rxDbm: t.rxDbm ?? null };
    case 'los':
      return { obs: { kind: 'los' }, rxDbm: null };
    case 'dying-gasp':
      return { obs: { kind: 'dying-gasp' }, rxDbm: null };
    case 'offline':
      return { obs: { kind: 'offline' }, rxDbm: null };
  }
}

/** The trap receiver's accepted credentials: the targets' own unless configured, one entry per v3 user. */
export function trapCredentials(
  targets: readonly OltTarget[],
  o: { communities?: string[]; users?: SnmpV3Credentials[] },
): { communities: string[]; users: SnmpV3Credentials[] } {
  const users = o.users ?? targets.flatMap((x) => (x.snmp.v3 ? [x.snmp.v3] : []));
  const seen = new Map<string, SnmpV3Credentials>();
  for (const u of users) if (!seen.has(u.user)) seen.set(u.user, u);
  return {
    communities: o.communities ?? [...new Set(targets.map((x) => x.snmp.community ?? 'public'))],
    users: [...seen.values()],
  };
}
