/**
 * The SLA view of accesses (design §7 `subscribers`; spec §6 fee basis): every access that was live
 * in a month, with the fee attributes migration 050 added. `ownerInstalledHome` falls back to the
 * activation order's `ownerInstallsHome` when the access row does not say (spec §3: "network owner
 * builds the home installation" is a field of the activation form).
 */
import type { AccessLevel, ServiceSelection } from '../../../domain/catalogue/catalogue.ts';

export interface SlaAccessRow {
  adapterId: string;
  spId: string;
  olt: string;
  pon: string;
  state: string;
  accessLevel: AccessLevel;
  services: ServiceSelection;
  multiDwellingNoInBuilding: boolean;
  ownerInstalledHome: boolean;
  ontFromOwner: boolean;
  createdAt: string;
  updatedAt: string;
  /** Billing span (issue 8 access_billing), when one was opened. */
  billingStart?: string;
  billingEnd?: string;
}

export interface SlaAttributes {
  multiDwellingNoInBuilding?: boolean;
  ownerInstalledHome?: boolean;
  ontFromOwner?: boolean;
}

export interface SlaAccessRepository {
  /**
   * Accesses that may owe or earn something in a month starting at `monthStart` and ending before
   * `monthEnd` (ISO instants): created before the month ended, not pending, and — when deactivated —
   * changed for the last time after the month began.
   */
  forMonth(monthStart: string, monthEnd: string, spId?: string): Promise<SlaAccessRow[]>;

  /**
   * Unbilled periods (issue 8 sl_periods: temporary disconnections, dispute-window waits) that touch
   * the dates [from, to] (YYYY-MM-DD), by AdapterID: the month's fees are prorated by them.
   */
  unbilledPeriods(from: string, to: string): Promise<Map<string, { start: string; end?: string }[]>>;

  /** Live accesses on an OLT (and PON): planned works' scope resolution. */
  liveOn(olt: string, pon?: string): Promise<string[]>;

  /** Which of these AdapterIDs exist (any state). */
  existing(adapterIds: readonly string[]): Promise<Set<string>>;

  /** Sets the fee attributes of an access (operator data; spec §6). */
  setAttributes(adapterId: string, a: SlaAttributes): Promise<boolean>;
}
