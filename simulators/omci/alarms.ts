/**
 * Which alarms a simulated F601 raises (G.988 alarm lists of §9.1.1 ONU-G and §9.2.1 ANI-G) from
 * what the lab injects: dying gasp → ONU-G alarm 7; no light (PON or drop cut) → ANI-G alarm 0 "low
 * received optical power"; an RX level below the ANI-G lower optical threshold → alarm 0, above the
 * upper one → alarm 1. Thresholds 0xFF ("ONU internal policy", the F601's value) mean the model's own
 * critical and overload levels (device-profiles/zxhn-f601.json `optics`).
 *
 * An ONU sends an alarm notification at every change of an ME's alarm bit map, raise or clear (G.988
 * §A.1.4); `alarmChanges` tells which MEs changed since the last notification.
 */
import { MeClass } from '../../src/protocols/omci/me-defs.ts';
import type { AlarmRecord } from '../../src/protocols/omci/messages.ts';
import { rxThresholdToDbm } from '../../src/protocols/omci/optics.ts';
import { ontOpticsOf } from '../core/ont-optics.ts';
import type { OntMib } from './mib.ts';

const key = (c: number, i: number) => `${c}:${i}`;
/** ONU-G alarm 7 (G.988 §9.1.1). */
export const DYING_GASP = 7;
/** ANI-G alarms 0 and 1 (G.988 §9.2.1). */
export const LOW_RX = 0;
export const HIGH_RX = 1;

export function activeAlarms(mib: OntMib, now = Date.now()): AlarmRecord[] {
  const { olt, ont } = mib;
  const out: AlarmRecord[] = [];
  const phase = olt.phaseOf(ont, now);
  if (phase === 'dying-gasp') out.push({ meClass: MeClass.onuG, meInstance: 0, alarms: [DYING_GASP] });
  const ani = mib.first(MeClass.aniG, now);
  if (!ani) return out;
  const rx = olt.rxPowerDbm(ont, now);
  const optics = ontOpticsOf(ont.model);
  const low = rxThresholdToDbm(Number(ani.values.lowerOpticalThreshold ?? 0xff)) ?? optics.rxCriticalDbm;
  const high = rxThresholdToDbm(Number(ani.values.upperOpticalThreshold ?? 0xff)) ?? optics.rxOverloadDbm;
  // no light at all (LOS) is the extreme of "low received optical power"
  if (phase === 'los' || (rx !== null && rx < low))
    out.push({ meClass: MeClass.aniG, meInstance: ani.instance, alarms: [LOW_RX] });
  else if (rx !== null && rx > high)
    out.push({ meClass: MeClass.aniG, meInstance: ani.instance, alarms: [HIGH_RX] });
  return out;
}

/** The MEs whose alarm bit map differs from the last notification, in class order; from now on they count as notified. */
export function alarmChanges(mib: OntMib, now = Date.now()): AlarmRecord[] {
  const out: AlarmRecord[] = [];
  const active = new Map(activeAlarms(mib, now).map((a) => [key(a.meClass, a.meInstance), a]));
  for (const [k, a] of active) {
    const before = mib.notified.get(k)?.alarms ?? [];
    if (before.length !== a.alarms.length || before.some((x, i) => x !== a.alarms[i])) out.push(a);
    mib.notified.set(k, a);
  }
  for (const [k, n] of mib.notified) {
    if (active.has(k)) continue;
    if (n.alarms.length) out.push({ ...n, alarms: [] });
    mib.notified.delete(k);
  }
  return out.sort((a, b) => a.meClass - b.meClass || a.meInstance - b.meInstance);
}
