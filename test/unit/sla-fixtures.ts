/** Builders for SLA tests: a subscriber with the design §7 example's services, outages in Zagreb time. */
import type { Outage, SlaSubscriber, PlannedWork, IncidentsFile } from '../../src/domain/sla/index.ts';

export function subscriber(over: Partial<SlaSubscriber> = {}): SlaSubscriber {
  return {
    adapterId: 'A-1',
    sp: 'sp1',
    accessLevel: 'regional',
    multiDwellingNoInBuilding: false,
    services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
    ownerInstalledHome: true,
    ontFromOwner: true,
    ...over,
  };
}

let n = 0;
export function outage(start: string, end: string, over: Partial<Outage> = {}): Outage {
  return { id: `o${++n}`, adapterIds: ['A-1'], start, end, cause: 'pon-fibre-cut', ...over };
}

export function works(start: string, end: string, announcedAt: string, adapterIds = ['A-1']): PlannedWork {
  return { scope: { adapterIds }, start, end, announcedAt };
}

export function file(
  outages: Outage[],
  subscribers: SlaSubscriber[] = [subscriber()],
  plannedWorks: PlannedWork[] = [],
): IncidentsFile {
  return { subscribers, outages, plannedWorks };
}
