/**
 * Validation of an untrusted incidents file (design §7). Every problem names the field as a path
 * (`outages[3].end`) so `ponctl sla compute` can say exactly what to fix.
 */
import {
  ACCESS_LEVELS,
  isInternetRate,
  isIptvRate,
  isVoipRate,
  type AccessLevel,
  type Channel,
  type ServiceSelection,
} from '../catalogue/index.ts';
import { CHANNELS } from '../olt-config/model.ts';
import { isOutageCause, OUTAGE_CAUSES } from './causes.ts';
import { isStopReason, STOP_REASONS } from './stop-reasons.ts';
import type { ClockStop, IncidentsFile, Outage, PlannedWork, SlaSubscriber } from './incidents.ts';

export class IncidentsFileError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'IncidentsFileError';
    this.field = field;
  }
}

/** ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`): a local time would be ambiguous. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(v: unknown): v is string {
  return typeof v === 'string' && MONTH.test(v);
}

function fail(field: string, message: string): never {
  throw new IncidentsFileError(field, message);
}

function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'must be an object');
  return v as Record<string, unknown>;
}

function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) fail(field, 'must be an array');
  return v;
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(field, 'must be a non-empty string');
  return v;
}

function bool(v: unknown, field: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') fail(field, 'must be true or false');
  return v;
}

function instant(v: unknown, field: string): string {
  if (typeof v !== 'string' || !ISO_INSTANT.test(v) || Number.isNaN(Date.parse(v))) {
    fail(field, 'must be an ISO-8601 date-time with an offset, e.g. 2026-03-02T08:00:00+01:00');
  }
  return v;
}

function interval(o: Record<string, unknown>, field: string): { start: string; end: string } {
  const start = instant(o.start, `${field}.start`);
  const end = instant(o.end, `${field}.end`);
  if (Date.parse(end) < Date.parse(start)) fail(`${field}.end`, 'must not be before start');
  return { start, end };
}

function services(v: unknown, field: string): ServiceSelection {
  const o = obj(v, field);
  const s: ServiceSelection = {};
  if (o.internet !== undefined) {
    if (!isInternetRate(o.internet))
      fail(`${field}.internet`, 'not a catalogue internet rate (spec §2 Table 4)');
    s.internet = o.internet;
  }
  if (o.iptv !== undefined) {
    if (!isIptvRate(o.iptv)) fail(`${field}.iptv`, 'must be 10, 50 or 100');
    s.iptv = o.iptv;
  }
  if (o.voip !== undefined) {
    if (!isVoipRate(o.voip)) fail(`${field}.voip`, 'must be "1/1" or "2/2"');
    s.voip = o.voip;
  }
  const m = bool(o.management, `${field}.management`);
  if (m) s.management = true;
  return s;
}

function subscriber(v: unknown, field: string): SlaSubscriber {
  const o = obj(v, field);
  if (!(ACCESS_LEVELS as readonly unknown[]).includes(o.accessLevel)) {
    fail(`${field}.accessLevel`, `must be one of ${ACCESS_LEVELS.join(', ')}`);
  }
  return {
    adapterId: str(o.adapterId, `${field}.adapterId`),
    sp: str(o.sp, `${field}.sp`),
    accessLevel: o.accessLevel as AccessLevel,
    multiDwellingNoInBuilding:
      bool(o.multiDwellingNoInBuilding, `${field}.multiDwellingNoInBuilding`) ?? false,
    services: services(o.services ?? {}, `${field}.services`),
    ownerInstalledHome: bool(o.ownerInstalledHome, `${field}.ownerInstalledHome`) ?? false,
    ontFromOwner: bool(o.ontFromOwner, `${field}.ontFromOwner`) ?? false,
  };
}

function stop(v: unknown, field: string): ClockStop {
  const o = obj(v, field);
  if (!isStopReason(o.reason))
    fail(`${field}.reason`, `not a legal clock stop (spec §4); one of ${STOP_REASONS.join(', ')}`);
  return { ...interval(o, field), reason: o.reason };
}

function outage(v: unknown, field: string): Outage {
  const o = obj(v, field);
  const adapterIds = arr(o.adapterIds, `${field}.adapterIds`).map((a, i) =>
    str(a, `${field}.adapterIds[${i}]`),
  );
  if (adapterIds.length === 0) fail(`${field}.adapterIds`, 'must name at least one AdapterID');
  if (!isOutageCause(o.cause)) fail(`${field}.cause`, `must be one of ${OUTAGE_CAUSES.join(', ')}`);
  const out: Outage = { id: str(o.id, `${field}.id`), adapterIds, ...interval(o, field), cause: o.cause };
  if (o.services !== undefined) {
    out.services = arr(o.services, `${field}.services`).map((s, i) => {
      if (!(CHANNELS as readonly unknown[]).includes(s))
        fail(`${field}.services[${i}]`, `must be one of ${CHANNELS.join(', ')}`);
      return s as Channel;
    });
    if (out.services.length === 0)
      fail(`${field}.services`, 'omit it for a whole-access outage; an empty list names no service');
  }
  if (o.stops !== undefined)
    out.stops = arr(o.stops, `${field}.stops`).map((s, i) => stop(s, `${field}.stops[${i}]`));
  return out;
}

function plannedWork(v: unknown, field: string): PlannedWork {
  const o = obj(v, field);
  const scope = obj(o.scope, `${field}.scope`);
  const adapterIds = arr(scope.adapterIds, `${field}.scope.adapterIds`).map((a, i) =>
    str(a, `${field}.scope.adapterIds[${i}]`),
  );
  const pw: PlannedWork = {
    scope: { adapterIds },
    ...interval(o, field),
    announcedAt: instant(o.announcedAt, `${field}.announcedAt`),
  };
  if (o.id !== undefined) pw.id = str(o.id, `${field}.id`);
  return pw;
}

/** Checks an incidents file and returns it typed, or throws IncidentsFileError naming the field. */
export function parseIncidentsFile(v: unknown): IncidentsFile {
  const o = obj(v, '(file)');
  const subscribers = arr(o.subscribers, 'subscribers').map((s, i) => subscriber(s, `subscribers[${i}]`));
  const seen = new Set<string>();
  subscribers.forEach((s, i) => {
    if (seen.has(s.adapterId)) fail(`subscribers[${i}].adapterId`, `duplicate AdapterID ${s.adapterId}`);
    seen.add(s.adapterId);
  });
  const outages = arr(o.outages, 'outages').map((x, i) => outage(x, `outages[${i}]`));
  const ids = new Set<string>();
  outages.forEach((x, i) => {
    if (ids.has(x.id)) fail(`outages[${i}].id`, `duplicate outage id ${x.id}`);
    ids.add(x.id);
  });
  const plannedWorks =
    o.plannedWorks === undefined
      ? []
      : arr(o.plannedWorks, 'plannedWorks').map((x, i) => plannedWork(x, `plannedWorks[${i}]`));
  return { subscribers, outages, plannedWorks };
}
