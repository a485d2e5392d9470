/**
 * The SLA incidents file of design §7 (fixed): subscribers with their fees' basis, outages with their
 * cause and clock stops, and announced planned works. Times are ISO-8601 strings with an offset.
 */
import type { AccessLevel, Channel, ServiceSelection } from '../catalogue/index.ts';
import type { OutageCause } from './causes.ts';
import type { StopReason } from './stop-reasons.ts';

export interface SlaSubscriber {
  adapterId: string;
  sp: string;
  accessLevel: AccessLevel;
  /** −1.10 EUR on basic access: multi-dwelling building, owner not responsible in-building (spec §6). */
  multiDwellingNoInBuilding?: boolean;
  services: ServiceSelection;
  /** The network owner built the home installation: the in-flat installation fee applies (spec §6). */
  ownerInstalledHome?: boolean;
  /** The ONT is the network owner's: the ONT fee applies (spec §6). */
  ontFromOwner?: boolean;
  /**
   * Billable days of the month (billable-days.ts): monthly fees are prorated by them (spec §3 BSND: no
   * monthly fee during SL). Absent = billed the whole month.
   */
  billing?: { billableDays: number; daysInMonth: number };
}

export interface ClockStop {
  start: string;
  end: string;
  reason: StopReason;
}

export interface Outage {
  id: string;
  adapterIds: string[];
  /** Absent: the whole access is down (access rule + service rule of every service). */
  services?: Channel[];
  start: string;
  end: string;
  cause: OutageCause;
  stops?: ClockStop[];
}

export interface PlannedWork {
  id?: string;
  scope: { adapterIds: string[] };
  start: string;
  end: string;
  announcedAt: string;
}

export interface IncidentsFile {
  subscribers: SlaSubscriber[];
  outages: Outage[];
  plannedWorks?: PlannedWork[];
}
