/**
 * The monthly CSV specification of services (spec §6: "the SP gets a monthly CSV specification of
 * services"): one row per AdapterID of the SP with its services, each monthly fee, each credit of the
 * month and the net. RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma,
 * quote or line break (quotes doubled). Amounts are EUR with 2 decimals and a dot. Columns: docs/sla.md.
 */
import { MONTHLY_FEE_CENTS, serviceFeeCents, type Channel } from '../catalogue/index.ts';
import { SERVICE_ORDER, subscriberChannels, type FeeKey } from './credit-rules.ts';
import type { SlaSubscriber } from './incidents.ts';
import type { CreditsReport } from './monthly-credits.ts';
import { naturalCompare } from './natural-order.ts';
import { proratedCents } from './billable-days.ts';

export const STATEMENT_COLUMNS = [
  'month',
  'sp',
  'adapter_id',
  'access_level',
  'multi_dwelling_no_in_building',
  'services',
  'fee_basic_access',
  'fee_access_level',
  'fee_internet',
  'fee_iptv',
  'fee_voip',
  'fee_management',
  'fee_in_flat_installation',
  'fee_ont',
  'fees_total',
  'credit_access',
  'credit_internet',
  'credit_iptv',
  'credit_voip',
  'credit_management',
  'credits_total',
  'net',
  'credited_outages',
] as const;

/** RFC 4180 field quoting. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Integer cents as EUR with two decimals and a dot (−0.50 for negatives). */
export function formatEur(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function servicesText(sub: SlaSubscriber): string {
  const s = sub.services;
  return subscriberChannels(sub)
    .map((c) =>
      c === 'internet'
        ? `internet ${s.internet}`
        : c === 'iptv'
          ? `iptv ${s.iptv}`
          : c === 'voip'
            ? `voip ${s.voip}`
            : 'management',
    )
    .join('; ');
}

/** Fees of one access in cents, by statement column (spec §6; OLT level: no IPTV/VoIP/management/level fee). */
export function monthlyFeesCents(
  sub: SlaSubscriber,
): Record<'basicAccess' | 'accessLevel' | Channel | 'inFlatInstallation' | 'ont', number> {
  const fee = (c: Channel) => serviceFeeCents(c, sub.services, sub.accessLevel);
  const full = {
    basicAccess:
      MONTHLY_FEE_CENTS.basicAccess -
      (sub.multiDwellingNoInBuilding ? MONTHLY_FEE_CENTS.multiDwellingReduction : 0),
    accessLevel: MONTHLY_FEE_CENTS.accessLevel[sub.accessLevel],
    internet: fee('internet'),
    iptv: fee('iptv'),
    voip: fee('voip'),
    management: fee('management'),
    inFlatInstallation: sub.ownerInstalledHome ? MONTHLY_FEE_CENTS.inFlatInstallation : 0,
    ont: sub.ontFromOwner ? MONTHLY_FEE_CENTS.ont : 0,
  };
  if (!sub.billing) return full;
  // spec §3 BSND: no monthly fee for the days of a temporary disconnection (billable-days.ts)
  const out = { ...full };
  for (const k of Object.keys(out) as (keyof typeof out)[]) out[k] = proratedCents(out[k], sub.billing);
  return out;
}

/** The statement of one SP for one month, built from that month's credits report. */
export function statementCsv(
  report: CreditsReport,
  subscribers: readonly SlaSubscriber[],
  sp: string,
  month: string,
): string {
  const credits = new Map<string, { byFee: Map<FeeKey, number>; outages: string[] }>();
  for (const s of report.sps) {
    if (s.sp !== sp) continue;
    for (const sub of s.subscribers) {
      const byFee = new Map<FeeKey, number>();
      const outages: string[] = [];
      for (const l of sub.lines) {
        const key: FeeKey = l.rule === 'access-hourly' ? 'access' : (l.service as Channel);
        byFee.set(key, (byFee.get(key) ?? 0) + Math.round(l.amount * 100));
        if (!outages.includes(l.outageId)) outages.push(l.outageId);
      }
      credits.set(sub.adapterId, { byFee, outages });
    }
  }
  const rows: string[] = [STATEMENT_COLUMNS.join(',')];
  const mine = subscribers
    .filter((s) => s.sp === sp)
    .sort((a, b) => naturalCompare(a.adapterId, b.adapterId));
  for (const sub of mine) {
    const f = monthlyFeesCents(sub);
    const feesTotal = Object.values(f).reduce((a, b) => a + b, 0);
    const c = credits.get(sub.adapterId);
    const credit = (k: FeeKey) => c?.byFee.get(k) ?? 0;
    const creditsTotal = credit('access') + SERVICE_ORDER.reduce((n, k) => n + credit(k), 0);
    const cells = [
      month,
      sp,
      sub.adapterId,
      sub.accessLevel,
      sub.multiDwellingNoInBuilding ? 'yes' : 'no',
      servicesText(sub),
      formatEur(f.basicAccess),
      formatEur(f.accessLevel),
      formatEur(f.internet),
      formatEur(f.iptv),
      formatEur(f.voip),
      formatEur(f.management),
      formatEur(f.inFlatInstallation),
      formatEur(f.ont),
      formatEur(feesTotal),
      formatEur(credit('access')),
      formatEur(credit('internet')),
      formatEur(credit('iptv')),
      formatEur(credit('voip')),
      formatEur(credit('management')),
      formatEur(creditsTotal),
      formatEur(feesTotal - creditsTotal),
      (c?.outages ?? []).join(' '),
    ];
    rows.push(cells.map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
