/**
 * Deadlines (spec §3 Table 8, with Table 6's install types) and the 40-activations-a-day capacity
 * rule. Pure: the receipt instant and the day's count are passed in.
 *
 * Day-0 convention (spec §1 Interpretation): the day of receipt (its date in Zagreb) is day 0;
 * "+N RD" ends on the Nth working day after it; "+N D" on the Nth calendar day after it (a D deadline
 * is not moved off a Sunday or holiday — the spec counts calendar days).
 * Hour deadlines (SBSN) are instants: receipt + N hours.
 */
import { addDays, type LocalDate, zagrebDate } from '../calendar/local-date.ts';
import { addWorkingDays } from '../calendar/working-days.ts';
import type { Category, InstallationKind } from './types.ts';

/** A span of Table 8: working days or calendar days. */
export type Span = { rd: number } | { d: number };

function addSpan(from: LocalDate, s: Span): LocalDate {
  return 'rd' in s ? addWorkingDays(from, s.rd) : addDays(from, s.d);
}

/**
 * One row of Table 8 for day-based orders. `realise` is the work after feasibility is confirmed;
 * `total` is the contractual final deadline counted from receipt.
 */
export interface DeadlineRow {
  feasibility?: Span;
  realise: Span;
  total: Span;
}

/**
 * Table 8, activation / move / technology change by installation kind. Where the table gives a range
 * ("22–25 D", "37–40 D") the planned date uses the UPPER bound after feasibility — the date the owner
 * can keep for certain — capped by the total column, which is the contractual deadline (30 D / 45 D)
 * and is never exceeded (feasibility 5 RD + 25 D can otherwise overshoot 30 D).
 */
export const INSTALL_ROWS: Readonly<Record<InstallationKind, DeadlineRow>> = {
  'new-drop-present': { feasibility: { rd: 3 }, realise: { rd: 7 }, total: { rd: 10 } },
  'new-aerial-drop-missing': { feasibility: { rd: 3 }, realise: { rd: 12 }, total: { rd: 15 } },
  'new-underground-drop-missing': { feasibility: { rd: 5 }, realise: { d: 25 }, total: { d: 30 } },
  'new-network-extension': { feasibility: { rd: 5 }, realise: { d: 40 }, total: { d: 45 } },
  // "work only in the node, or none if the SP installs the ONT"
  existing: { feasibility: { rd: 3 }, realise: { rd: 3 }, total: { rd: 6 } },
};

/** Table 8 rows that do not depend on the installation. */
export const CATEGORY_ROWS: Readonly<Partial<Record<Category, DeadlineRow>>> = {
  permanent: { feasibility: { rd: 1 }, realise: { rd: 2 }, total: { rd: 3 } },
  'temporary-3m': { realise: { rd: 3 }, total: { rd: 3 } },
  'temporary-6m': { realise: { rd: 3 }, total: { rd: 3 } },
  'sl-reactivation': { realise: { rd: 3 }, total: { rd: 3 } },
  'add-service': { realise: { rd: 3 }, total: { rd: 3 } },
  'remove-service': { realise: { rd: 3 }, total: { rd: 3 } },
  'speed-change': { realise: { rd: 3 }, total: { rd: 3 } },
};

/** Table 8, fault rows, in hours from the report. */
export const FAULT_HOURS = { standard: 48, activationFault: 24, ontReplacement: 0.5 } as const;
/** "activation fault (reported within 72 h of activation)". */
export const ACTIVATION_FAULT_WINDOW_HOURS = 72;

/** SL durations (spec §3 BSND): 3 months = 92 D, 6 months = 184 D; reactivation at expiry. */
export const SL_DAYS = { 'temporary-3m': 92, 'temporary-6m': 184 } as const;

/** Orders that need installation work and count against the daily activation capacity (spec §3). */
export const INSTALL_CATEGORIES: readonly Category[] = ['activation', 'move', 'technology-change'];

/**
 * Capacity rule (spec §3): 40 activation orders a day across all SPs are processed within the
 * deadlines; beyond that the final deadline may be extended by up to 5 working days.
 *
 * Policy: orders are counted on the day they are RECEIVED (known at intake, no circularity with the
 * planned date). The k-th activation of a day with k > 40 gets +ceil((k − 40) / 40) RD, capped at 5:
 * orders 41–80 get +1 RD, 81–120 +2 RD, … 201 and beyond +5 RD. The extension moves both the planned
 * date (the work happens later) and the final deadline.
 */
export const DAILY_ACTIVATION_CAPACITY = 40;
export const MAX_CAPACITY_EXTENSION_RD = 5;

/** Working days added for an activation that is the `position`-th received that day (1-based). */
export function capacityExtensionDays(position: number): number {
  if (!Number.isFinite(position) || position <= DAILY_ACTIVATION_CAPACITY) return 0;
  return Math.min(
    MAX_CAPACITY_EXTENSION_RD,
    Math.ceil((position - DAILY_ACTIVATION_CAPACITY) / DAILY_ACTIVATION_CAPACITY),
  );
}

/** What Table 6 knows about the address before the order (SP_1 is the ordering SP). */
export type ExistingServiceAtAddress =
  | { kind: 'none' }
  /** The network owner's own retail service, on its own fibre or on cable/wireless/leased network. */
  | { kind: 'owner-service'; medium: 'own-fibre' | 'cable' | 'wireless' | 'leased' }
  /** SP_1's own BSN at another address (the order is a move; services may change). */
  | { kind: 'own-bsn-other-address' }
  | { kind: 'own-nn' }
  | { kind: 'other-sp'; service: 'bsn' | 'nn' | 'wireless' };

export type NewInstallationKind = Exclude<InstallationKind, 'existing'>;

/**
 * Table 6 (SP_1 orders BSN): EXISTING when a fibre installation of the owner already serves the
 * address (owner's service on own fibre, SP_1's NN, another SP's BSN or NN); NEW otherwise. Table 6
 * only says NEW, so which Table 8 NEW row applies comes from the site (`newKind`, default: drop
 * cable present).
 */
export function installationKindFor(
  existing: ExistingServiceAtAddress,
  newKind: NewInstallationKind = 'new-drop-present',
): InstallationKind {
  switch (existing.kind) {
    case 'owner-service':
      return existing.medium === 'own-fibre' ? 'existing' : newKind;
    case 'own-nn':
      return 'existing';
    case 'other-sp':
      return existing.service === 'wireless' ? newKind : 'existing';
    case 'own-bsn-other-address':
    case 'none':
      return newKind;
  }
}

export interface ScheduleInput {
  category: Category;
  /** Activation / move / technology change only (Table 8 rows); default 'existing'. */
  installation?: InstallationKind;
  receivedAt: Date;
  requestedDate?: LocalDate;
  /** Activation-family orders (all SPs) already received on the same Zagreb day before this one. */
  activationsReceivedEarlierThatDay?: number;
  /** SBSN: when the access was activated — a fault reported within 72 h of it is an activation fault (24 h). */
  accessActivatedAt?: Date;
}

export interface Schedule {
  receivedOn: LocalDate;
  /** The day the order is planned to be carried out (stated on acceptance, spec §3). */
  plannedDate: LocalDate;
  /** The final contractual deadline (Table 8 total, + capacity extension; never before plannedDate). */
  deadline: LocalDate;
  /** SBSN: the deadline as an instant (48 h / 24 h / 0.5 h from the report). */
  deadlineAt?: Date;
  /** Table 8 "confirm feasibility" column, where it has one. */
  feasibilityBy?: LocalDate;
  capacityExtensionDays: number;
  /** BSND temporary: the day SL ends and the access is reactivated automatically (92/184 D). */
  slEndsOn?: LocalDate;
}

const later = (a: LocalDate, b: LocalDate) => (a > b ? a : b);
const earlier = (a: LocalDate, b: LocalDate) => (a < b ? a : b);

function faultSchedule(input: ScheduleInput, receivedOn: LocalDate): Schedule {
  const { category, receivedAt, accessActivatedAt } = input;
  let hours: number = FAULT_HOURS.standard;
  if (category === 'ont-replacement') hours = FAULT_HOURS.ontReplacement;
  else if (
    (category === 'degradation' || category === 'interruption') &&
    accessActivatedAt &&
    receivedAt.getTime() - accessActivatedAt.getTime() >= 0 &&
    receivedAt.getTime() - accessActivatedAt.getTime() <= ACTIVATION_FAULT_WINDOW_HOURS * 3_600_000
  )
    hours = FAULT_HOURS.activationFault;
  const deadlineAt = new Date(receivedAt.getTime() + hours * 3_600_000);
  return {
    receivedOn,
    plannedDate: receivedOn,
    deadline: zagrebDate(deadlineAt),
    deadlineAt,
    capacityExtensionDays: 0,
  };
}

/**
 * The planned date and deadline of an order (spec §3 Table 8). A requested date later than the
 * earliest possible one becomes the planned date (spec §1 Interpretation); an earlier one (allowed
 * only if not in the past — validate.ts) is moved to the earliest allowed date (spec §3 BSND: "a
 * requested deactivation date shorter than the deadlines is moved to the earliest allowed date";
 * applied to every form, since no order can be carried out before its deadline row allows).
 */
export function computeSchedule(input: ScheduleInput): Schedule {
  const receivedOn = zagrebDate(input.receivedAt);
  const { category } = input;
  if (
    category === 'degradation' ||
    category === 'interruption' ||
    category === 'joint-visit' ||
    category === 'home-installation' ||
    category === 'ont-replacement'
  ) {
    return faultSchedule(input, receivedOn);
  }
  const isInstall = INSTALL_CATEGORIES.includes(category);
  const row = isInstall ? INSTALL_ROWS[input.installation ?? 'existing'] : CATEGORY_ROWS[category];
  if (!row) throw new RangeError(`no Table 8 row for ${category}`);
  const ext = isInstall ? capacityExtensionDays((input.activationsReceivedEarlierThatDay ?? 0) + 1) : 0;

  const feasibilityBy = row.feasibility ? addSpan(receivedOn, row.feasibility) : undefined;
  const totalDeadline = addSpan(receivedOn, row.total);
  // earliest: feasibility then realisation (upper bound of a range), never beyond the total column
  const earliest = earlier(addSpan(feasibilityBy ?? receivedOn, row.realise), totalDeadline);
  const earliestWithCapacity = addWorkingDays(earliest, ext);
  const plannedDate = input.requestedDate
    ? later(earliestWithCapacity, input.requestedDate)
    : earliestWithCapacity;
  const deadline = later(addWorkingDays(totalDeadline, ext), plannedDate);

  const out: Schedule = { receivedOn, plannedDate, deadline, capacityExtensionDays: ext };
  if (feasibilityBy) out.feasibilityBy = feasibilityBy;
  if (category === 'temporary-3m' || category === 'temporary-6m')
    out.slEndsOn = addDays(plannedDate, SL_DAYS[category]);
  return out;
}
