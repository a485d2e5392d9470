/**
 * The two credit rules of spec §5 with the project's Interpretation, in integer cents.
 *
 * - access-hourly: an outage whose counted time is longer than 3 continuous hours earns the hourly
 *   fee (monthly access fee / 720) for each FULL hour of the whole outage (3 h 59 → 3; 2 h 59 → 0;
 *   exactly 3 h 00 → 0, "longer than").
 * - service-daily: an outage of a service longer than 24 hours earns the daily fee (that service's
 *   monthly fee / 30) for each full day.
 * A line's amount is round-half-up of fee × units / divisor, computed on integers (no float drift),
 * and never more than the fee it reduces.
 */
import { accessFeeCents, serviceFeeCents, type Channel } from '../catalogue/index.ts';
import type { SlaSubscriber } from './incidents.ts';

export type CreditRule = 'access-hourly' | 'service-daily';

export const ACCESS_THRESHOLD_MINUTES = 3 * 60;
export const ACCESS_UNIT_MINUTES = 60;
export const ACCESS_DIVISOR = 720;
export const SERVICE_THRESHOLD_MINUTES = 24 * 60;
export const SERVICE_UNIT_MINUTES = 24 * 60;
export const SERVICE_DIVISOR = 30;

/** Service order in reports: the order of the fee table in spec §6. */
export const SERVICE_ORDER: readonly Channel[] = ['internet', 'iptv', 'voip', 'management'];

/** Full hours credited by the access-point rule (0 unless counted time exceeds 3 h). */
export function accessHourlyUnits(countedMinutes: number): number {
  return countedMinutes > ACCESS_THRESHOLD_MINUTES ? Math.floor(countedMinutes / ACCESS_UNIT_MINUTES) : 0;
}

/** Full days credited by the service rule (0 unless counted time exceeds 24 h). */
export function serviceDailyUnits(countedMinutes: number): number {
  return countedMinutes > SERVICE_THRESHOLD_MINUTES ? Math.floor(countedMinutes / SERVICE_UNIT_MINUTES) : 0;
}

/** round-half-up(feeCents × units / divisor), capped at feeCents; integers only. */
export function creditCents(feeCents: number, units: number, divisor: number): number {
  if (units <= 0 || feeCents <= 0) return 0;
  const rounded = Math.floor((2 * feeCents * units + divisor) / (2 * divisor));
  return Math.min(feeCents, rounded);
}

/** Which monthly fee a line reduces: the access part, or one service's fee. */
export type FeeKey = 'access' | Channel;

export interface LineDraft {
  rule: CreditRule;
  service?: Channel;
  fee: FeeKey;
  feeCents: number;
  countedMinutes: number;
  units: number;
  amountCents: number;
}

/** Channels the subscriber has, in report order. */
export function subscriberChannels(sub: SlaSubscriber): Channel[] {
  const s = sub.services;
  return SERVICE_ORDER.filter((c) =>
    c === 'iptv' ? s.iptv !== undefined : c === 'management' ? s.management === true : Boolean(s[c]),
  );
}

/**
 * The credit lines one counted outage earns for one access (before the monthly cap).
 * `services` absent = the whole access is down: access rule AND the service rule of every service
 * ("an outage that meets both rules earns both", spec §5 Interpretation). Named services: only their
 * service rule (the access point is up). Fees that do not exist (OLT-level IPTV/VoIP/management,
 * spec §6) earn no line.
 */
export function creditLinesFor(
  sub: SlaSubscriber,
  services: readonly Channel[] | undefined,
  countedMinutes: number,
): LineDraft[] {
  const lines: LineDraft[] = [];
  if (services === undefined) {
    const units = accessHourlyUnits(countedMinutes);
    const feeCents = accessFeeCents(sub);
    if (units > 0 && feeCents > 0) {
      lines.push({
        rule: 'access-hourly',
        fee: 'access',
        feeCents,
        countedMinutes,
        units,
        amountCents: creditCents(feeCents, units, ACCESS_DIVISOR),
      });
    }
  }
  const days = serviceDailyUnits(countedMinutes);
  if (days === 0) return lines;
  const has = subscriberChannels(sub);
  const affected =
    services === undefined ? has : SERVICE_ORDER.filter((c) => services.includes(c) && has.includes(c));
  for (const service of affected) {
    const feeCents = serviceFeeCents(service, sub.services, sub.accessLevel);
    if (feeCents <= 0) continue;
    lines.push({
      rule: 'service-daily',
      service,
      fee: service,
      feeCents,
      countedMinutes,
      units: days,
      amountCents: creditCents(feeCents, days, SERVICE_DIVISOR),
    });
  }
  return lines;
}
