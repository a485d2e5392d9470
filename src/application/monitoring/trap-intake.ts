/**
 * Notifications as monitoring reads them (issue 6 §1: "traps on every instance"): which OLT sent one,
 * and what an ONT notification says as a domain observation. Pure: the core supplies what it knows.
 */
import type { OntObservation } from '../../domain/monitoring/ont-state.ts';
import type { OltTarget, OntTrap, ReceivedTrap, SnmpV3Credentials } from '../ports/telemetry.ts';

/** G.984 serial as OLTs carry it in notifications: 4 vendor letters + 4 bytes = 12 latin-1 characters. */
const SERIAL_LENGTH = 12;

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
    if (!Buffer.isBuffer(vb.value) || vb.value.length !== SERIAL_LENGTH) continue;
    const olt = oltOfSerial(vb.value.toString('latin1'));
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
