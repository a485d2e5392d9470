/**
 * SLA service: the thin layer API routes and the CLI call. Plain inputs in (subscribers, outages,
 * planned works, month, optional SP), the design §7 report or the CSV statement out; an SP-scoped
 * call never shows another SP's subscribers or exclusions (design §4).
 */
import {
  computeMonthlyCredits,
  IncidentsFileError,
  isMonth,
  parseIncidentsFile,
  statementCsv,
  type CreditsReport,
  type IncidentsFile,
  type Outage,
  type PlannedWork,
  type SlaSubscriber,
} from '../../domain/sla/index.ts';

export interface SlaInputs {
  subscribers: readonly SlaSubscriber[];
  outages: readonly Outage[];
  plannedWorks?: readonly PlannedWork[];
  month: string;
  /** Restrict to one SP (an SP's API key, or `--sp`). */
  sp?: string;
}

/** Routes should reject a bad month by schema (pattern `^\d{4}-(0[1-9]|1[0-2])$`); this is the backstop. */
function checkMonth(month: string): void {
  if (!isMonth(month)) throw new IncidentsFileError('month', `must be YYYY-MM, got "${month}"`);
}

function asFile(i: SlaInputs): IncidentsFile {
  return {
    subscribers: [...i.subscribers],
    outages: [...i.outages],
    plannedWorks: [...(i.plannedWorks ?? [])],
  };
}

/** The month's credits with their explanation (GET /v1/sla/credits?month=). */
export function creditsReport(i: SlaInputs): CreditsReport {
  checkMonth(i.month);
  return computeMonthlyCredits(asFile(i), i.month, i.sp === undefined ? {} : { sp: i.sp });
}

/** The month's CSV statement of one SP (GET /v1/sla/statement.csv?month=). */
export function statement(i: SlaInputs & { sp: string }): string {
  const report = creditsReport(i);
  return statementCsv(report, i.subscribers, i.sp, i.month);
}

/** `ponctl sla compute`: an untrusted incidents file (already JSON-parsed) → report; throws IncidentsFileError naming the field. */
export function computeFromIncidentsFile(json: unknown, month: string): CreditsReport {
  checkMonth(month);
  const file = parseIncidentsFile(json);
  return computeMonthlyCredits(file, month);
}
